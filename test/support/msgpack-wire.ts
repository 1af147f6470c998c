/**
 * A msgpack encoder that writes exactly the wire form it is told to, for fuzzing.
 *
 * msgpackr (and every other encoder) picks the narrowest format for each
 * value, so a test built on it never sends `5` as a uint64 or a short string
 * as str32, although both are valid msgpack and clients in other languages
 * send them. Here each node of the tree names its own format, and the encoder
 * only checks that the value fits it (spec: github.com/msgpack/msgpack/blob/master/spec.md).
 *
 * @example
 *   encodeWire({ k: 'map', f: 'map32', entries: [[str('t'), { k: 'int', f: 'uint64', v: 2n }], [str('c0'), { k: 'float32', v: 1.5 }]] })
 */

export type IntFormat = 'pfixint' | 'nfixint' | 'uint8' | 'uint16' | 'uint32' | 'uint64' | 'int8' | 'int16' | 'int32' | 'int64';
export type StrFormat = 'fixstr' | 'str8' | 'str16' | 'str32';
export type BinFormat = 'bin8' | 'bin16' | 'bin32';
export type ArrayFormat = 'fixarray' | 'array16' | 'array32';
export type MapFormat = 'fixmap' | 'map16' | 'map32';
export type ExtFormat = 'fixext1' | 'fixext2' | 'fixext4' | 'fixext8' | 'fixext16' | 'ext8' | 'ext16' | 'ext32';

/** One msgpack value with its chosen encoding. `raw` is bytes copied verbatim (reserved 0xc1, broken fragments). */
export type WireNode =
  | { k: 'nil' }
  | { k: 'bool'; v: boolean }
  | { k: 'int'; v: bigint; f: IntFormat }
  | { k: 'float32'; v: number }
  | { k: 'float64'; v: number }
  | { k: 'str'; bytes: Uint8Array; f: StrFormat }
  | { k: 'bin'; bytes: Uint8Array; f: BinFormat }
  | { k: 'array'; items: WireNode[]; f: ArrayFormat }
  | { k: 'map'; entries: Array<[WireNode, WireNode]>; f: MapFormat }
  | { k: 'ext'; type: number; data: Uint8Array; f: ExtFormat }
  | { k: 'raw'; bytes: Uint8Array };

const INT_RANGES: Record<IntFormat, [bigint, bigint]> = {
  pfixint: [0n, 127n],
  nfixint: [-32n, -1n],
  uint8: [0n, 0xffn],
  uint16: [0n, 0xffffn],
  uint32: [0n, 0xffff_ffffn],
  uint64: [0n, 0xffff_ffff_ffff_ffffn],
  int8: [-128n, 127n],
  int16: [-32768n, 32767n],
  int32: [-(2n ** 31n), 2n ** 31n - 1n],
  int64: [-(2n ** 63n), 2n ** 63n - 1n],
};

export const INT_FORMATS = Object.keys(INT_RANGES) as IntFormat[];

/** Every integer format that can hold `v` (the narrowest first, as ordered above). */
export function intFormatsFor(v: bigint): IntFormat[] {
  return INT_FORMATS.filter((f) => v >= INT_RANGES[f][0] && v <= INT_RANGES[f][1]);
}

/** Length formats of str/bin/array/map that can hold `n` (bytes or items). */
export function strFormatsFor(n: number): StrFormat[] {
  return (['fixstr', 'str8', 'str16', 'str32'] as const).filter((f) => n <= LENGTH_MAX[f]);
}
export function binFormatsFor(n: number): BinFormat[] {
  return (['bin8', 'bin16', 'bin32'] as const).filter((f) => n <= LENGTH_MAX[f]);
}
export function arrayFormatsFor(n: number): ArrayFormat[] {
  return (['fixarray', 'array16', 'array32'] as const).filter((f) => n <= LENGTH_MAX[f]);
}
export function mapFormatsFor(n: number): MapFormat[] {
  return (['fixmap', 'map16', 'map32'] as const).filter((f) => n <= LENGTH_MAX[f]);
}
export function extFormatsFor(n: number): ExtFormat[] {
  const fixed = ({ 1: 'fixext1', 2: 'fixext2', 4: 'fixext4', 8: 'fixext8', 16: 'fixext16' } as const)[n as 1 | 2 | 4 | 8 | 16];
  return [...(fixed ? [fixed] : []), ...(['ext8', 'ext16', 'ext32'] as const).filter((f) => n <= LENGTH_MAX[f])];
}

const LENGTH_MAX: Record<StrFormat | BinFormat | ArrayFormat | MapFormat | 'ext8' | 'ext16' | 'ext32', number> = {
  fixstr: 31,
  str8: 0xff,
  str16: 0xffff,
  str32: 0xffff_ffff,
  bin8: 0xff,
  bin16: 0xffff,
  bin32: 0xffff_ffff,
  fixarray: 15,
  array16: 0xffff,
  array32: 0xffff_ffff,
  fixmap: 15,
  map16: 0xffff,
  map32: 0xffff_ffff,
  ext8: 0xff,
  ext16: 0xffff,
  ext32: 0xffff_ffff,
};

const utf8 = new TextEncoder();

/** A str node for a JS string, narrowest format unless told otherwise. */
export function str(text: string, f?: StrFormat): WireNode {
  const bytes = utf8.encode(text);
  return { k: 'str', bytes, f: f ?? (strFormatsFor(bytes.length)[0] as StrFormat) };
}

/** Encodes `node` into its exact bytes. Throws (a bug in the generator) when a value does not fit its format. */
export function encodeWire(node: WireNode): Uint8Array {
  const out = new ByteWriter();
  write(out, node);
  return out.bytes();
}

function write(out: ByteWriter, node: WireNode): void {
  switch (node.k) {
    case 'nil':
      return out.u8(0xc0);
    case 'bool':
      return out.u8(node.v ? 0xc3 : 0xc2);
    case 'int':
      return writeInt(out, node.v, node.f);
    case 'float32':
      out.u8(0xca);
      return out.f32(node.v);
    case 'float64':
      out.u8(0xcb);
      return out.f64(node.v);
    case 'str':
      writeLength(out, node.bytes.length, node.f, { fixstr: 0xa0, str8: 0xd9, str16: 0xda, str32: 0xdb });
      return out.raw(node.bytes);
    case 'bin':
      writeLength(out, node.bytes.length, node.f, { bin8: 0xc4, bin16: 0xc5, bin32: 0xc6 });
      return out.raw(node.bytes);
    case 'array':
      writeLength(out, node.items.length, node.f, { fixarray: 0x90, array16: 0xdc, array32: 0xdd });
      for (const item of node.items) write(out, item);
      return;
    case 'map':
      writeLength(out, node.entries.length, node.f, { fixmap: 0x80, map16: 0xde, map32: 0xdf });
      for (const [key, value] of node.entries) {
        write(out, key);
        write(out, value);
      }
      return;
    case 'ext':
      return writeExt(out, node.type, node.data, node.f);
    case 'raw':
      return out.raw(node.bytes);
  }
}

function writeInt(out: ByteWriter, v: bigint, f: IntFormat): void {
  const [min, max] = INT_RANGES[f];
  if (v < min || v > max) throw new RangeError(`${v} does not fit ${f}`);
  const n = Number(v); // exact for every format below 64 bits
  switch (f) {
    case 'pfixint':
      return out.u8(n);
    case 'nfixint':
      return out.u8(0xe0 | (n + 32));
    case 'uint8':
      out.u8(0xcc);
      return out.u8(n);
    case 'uint16':
      out.u8(0xcd);
      return out.uint(n, 2);
    case 'uint32':
      out.u8(0xce);
      return out.uint(n, 4);
    case 'int8':
      out.u8(0xd0);
      return out.uint(n & 0xff, 1);
    case 'int16':
      out.u8(0xd1);
      return out.uint(n & 0xffff, 2);
    case 'int32':
      out.u8(0xd2);
      return out.uint(n >>> 0, 4);
    case 'uint64':
      out.u8(0xcf);
      return out.u64(v);
    case 'int64':
      out.u8(0xd3);
      return out.u64(BigInt.asUintN(64, v));
  }
}

function writeLength<F extends string>(out: ByteWriter, n: number, f: F, tags: Record<F, number>): void {
  const max = LENGTH_MAX[f as keyof typeof LENGTH_MAX];
  if (n > max) throw new RangeError(`length ${n} does not fit ${f}`);
  const tag = tags[f];
  if (f.startsWith('fix')) return out.u8(tag | n);
  out.u8(tag);
  out.uint(n, f.endsWith('8') ? 1 : f.endsWith('16') ? 2 : 4);
}

function writeExt(out: ByteWriter, type: number, data: Uint8Array, f: ExtFormat): void {
  if (!Number.isInteger(type) || type < -128 || type > 127) throw new RangeError(`ext type ${type} is not an int8`);
  const fixed: Partial<Record<ExtFormat, [number, number]>> = { fixext1: [0xd4, 1], fixext2: [0xd5, 2], fixext4: [0xd6, 4], fixext8: [0xd7, 8], fixext16: [0xd8, 16] };
  const fix = fixed[f];
  if (fix) {
    if (data.length !== fix[1]) throw new RangeError(`${f} needs ${fix[1]} data bytes, got ${data.length}`);
    out.u8(fix[0]);
  } else {
    writeLength(out, data.length, f as 'ext8' | 'ext16' | 'ext32', { ext8: 0xc7, ext16: 0xc8, ext32: 0xc9 });
  }
  out.uint(type & 0xff, 1);
  out.raw(data);
}

/** A growable byte buffer, big-endian as msgpack is. */
class ByteWriter {
  private buffer = new Uint8Array(256);
  private view = new DataView(this.buffer.buffer);
  private length = 0;

  u8(n: number): void {
    this.reserve(1);
    this.buffer[this.length++] = n;
  }

  uint(n: number, size: 1 | 2 | 4): void {
    this.reserve(size);
    if (size === 1) this.view.setUint8(this.length, n);
    else if (size === 2) this.view.setUint16(this.length, n);
    else this.view.setUint32(this.length, n);
    this.length += size;
  }

  u64(n: bigint): void {
    this.reserve(8);
    this.view.setBigUint64(this.length, n);
    this.length += 8;
  }

  f32(n: number): void {
    this.reserve(4);
    this.view.setFloat32(this.length, n);
    this.length += 4;
  }

  f64(n: number): void {
    this.reserve(8);
    this.view.setFloat64(this.length, n);
    this.length += 8;
  }

  raw(bytes: Uint8Array): void {
    this.reserve(bytes.length);
    this.buffer.set(bytes, this.length);
    this.length += bytes.length;
  }

  bytes(): Uint8Array {
    return this.buffer.slice(0, this.length);
  }

  private reserve(n: number): void {
    if (this.length + n <= this.buffer.length) return;
    let size = this.buffer.length * 2;
    while (size < this.length + n) size *= 2;
    const next = new Uint8Array(size);
    next.set(this.buffer.subarray(0, this.length));
    this.buffer = next;
    this.view = new DataView(next.buffer);
  }
}
