/**
 * The common shape of a client frame, decoded in one pass: a vote is a
 * three-key map of short ASCII strings and a small integer, and decoding it
 * through the general decoder (wire-value.ts) plus its strictness walk was
 * about a sixth of the server's CPU per durable vote in the votes-ws profile.
 *
 * This decoder accepts only a subset of msgpack whose meaning cannot differ
 * between decoders: nil, booleans, integers up to 32 bits, float32/float64,
 * fixstr/str8 of ASCII bytes (always well-formed UTF-8), and arrays and maps
 * of up to 65,535 entries (fix and 16-bit lengths) with such string keys, nested at most MAX_COMMON_DEPTH levels, filling the
 * frame exactly. For anything else (a wider integer, a non-ASCII or longer
 * string, bin, ext, a big map, a `__proto__` key, trailing or missing bytes)
 * it returns undefined and the general decoder decides, with its own reasons.
 * test/fuzz/wire-common.fuzz.test.ts checks that every value it returns is
 * exactly the general decoder's.
 */
import type { WireValue } from './wire-value.ts';

/** Deeper frames go to the general decoder, which enforces MAX_WIRE_DEPTH. */
const MAX_COMMON_DEPTH = 8;

/** Short strings (keys, a command's type, an option id) are cached; ids and texts mostly pass through. */
const MAX_CACHED_LENGTH = 16;
const CACHE_SLOTS = 4096;
const STRING_CACHE: Array<string | undefined> = new Array<string | undefined>(CACHE_SLOTS);

/** Thrown inside this module only: "not the common shape, ask the general decoder". */
const DEFER = Symbol('defer');

/** The frame as a common-shape value, or undefined when the general decoder must decide. Never throws. */
export function decodeCommonWire(bytes: Uint8Array): WireValue | undefined {
  const reader = new Reader(bytes);
  try {
    const value = reader.value(0);
    return reader.at === bytes.length ? value : undefined;
  } catch (error) {
    if (error === DEFER) return undefined;
    // Only a bug could get here (an out-of-range read gives undefined bytes, caught as DEFER): still never a throw.
    return undefined;
  }
}

class Reader {
  at = 0;
  private dataView: DataView | undefined;

  constructor(private readonly bytes: Uint8Array) {}

  /** Made on first use, for floats only: making a DataView costs more than decoding a whole vote. */
  private get view(): DataView {
    return (this.dataView ??= new DataView(this.bytes.buffer, this.bytes.byteOffset, this.bytes.byteLength));
  }

  value(depth: number): WireValue {
    const byte = this.byte();
    if (byte <= 0x7f) return byte;
    if (byte >= 0xe0) return byte - 0x100;
    if (byte >= 0xa0 && byte <= 0xbf) return this.ascii(byte & 0x1f);
    if (byte >= 0x80 && byte <= 0x8f) return this.map(byte & 0x0f, depth);
    if (byte >= 0x90 && byte <= 0x9f) return this.array(byte & 0x0f, depth);
    switch (byte) {
      case 0xc0:
        return null;
      case 0xc2:
        return false;
      case 0xc3:
        return true;
      case 0xca:
        return this.view.getFloat32(this.advance(4));
      case 0xcb:
        return this.view.getFloat64(this.advance(8));
      case 0xcc:
        return this.byte();
      case 0xcd:
        return this.uint16();
      case 0xce:
        return this.uint16() * 0x10000 + this.uint16();
      case 0xd0:
        return (this.byte() << 24) >> 24;
      case 0xd1:
        return (this.uint16() << 16) >> 16;
      case 0xd2:
        return (this.uint16() << 16) | this.uint16();
      case 0xd9:
        return this.ascii(this.byte());
      case 0xdc:
        return this.array(this.uint16(), depth);
      case 0xde:
        // msgpackr writes every map of an object with a 16-bit length.
        return this.map(this.uint16(), depth);
      default:
        throw DEFER;
    }
  }

  private map(size: number, depth: number): WireValue {
    if (depth >= MAX_COMMON_DEPTH) throw DEFER;
    const map: { [key: string]: WireValue } = Object.create(null) as { [key: string]: WireValue };
    for (let i = 0; i < size; i += 1) {
      const head = this.byte();
      const key = head >= 0xa0 && head <= 0xbf ? this.ascii(head & 0x1f) : head === 0xd9 ? this.ascii(this.byte()) : deferred();
      // The general decoder refuses this key with its own reason.
      if (key === '__proto__') throw DEFER;
      map[key] = this.value(depth + 1);
    }
    return map;
  }

  private array(size: number, depth: number): WireValue {
    if (depth >= MAX_COMMON_DEPTH) throw DEFER;
    const items: WireValue[] = [];
    for (let i = 0; i < size; i += 1) items.push(this.value(depth + 1));
    return items;
  }

  /**
   * A short string comes from a small cache when its bytes match: the same
   * string object each time, which V8 has already internalized as a property
   * key (making a fresh key string and internalizing it on every frame was
   * most of this decoder's time). Only bytes that match are ever reused.
   */
  private ascii(length: number): string {
    const start = this.advance(length);
    let hash = length;
    for (let i = start; i < start + length; i += 1) {
      const code = this.bytes[i] as number;
      if (code > 0x7f) throw DEFER;
      hash = (hash * 31 + code) & (CACHE_SLOTS - 1);
    }
    if (length > MAX_CACHED_LENGTH) return this.text(start, length);
    const cached = STRING_CACHE[hash];
    if (cached !== undefined && this.matches(cached, start, length)) return cached;
    const text = this.text(start, length);
    STRING_CACHE[hash] = text;
    return text;
  }

  private text(start: number, length: number): string {
    let text = '';
    for (let i = start; i < start + length; i += 1) text += String.fromCharCode(this.bytes[i] as number);
    return text;
  }

  private matches(cached: string, start: number, length: number): boolean {
    if (cached.length !== length) return false;
    for (let i = 0; i < length; i += 1) if (cached.charCodeAt(i) !== this.bytes[start + i]) return false;
    return true;
  }

  /** Big-endian, as msgpack writes every multi-byte number. */
  private uint16(): number {
    return (this.byte() << 8) | this.byte();
  }

  private byte(): number {
    const byte = this.bytes[this.at];
    if (byte === undefined) throw DEFER;
    this.at += 1;
    return byte;
  }

  /** Claims `length` bytes and returns where they start; a truncated frame defers. */
  private advance(length: number): number {
    const start = this.at;
    if (start + length > this.bytes.length) throw DEFER;
    this.at = start + length;
    return start;
  }
}

function deferred(): never {
  throw DEFER;
}
