/**
 * Hand-encoded msgpack: one sample of every type and width (the wire forms
 * that other languages' encoders produce, which msgpackr's encoder never
 * writes), and tiny builders to splice them into maps. For regression tests;
 * the fuzz suites generate the whole space.
 */

/** A fixstr (at most 31 UTF-8 bytes). */
export function str(s: string): number[] {
  const bytes = [...new TextEncoder().encode(s)];
  if (bytes.length > 31) throw new Error('fixstr only');
  return [0xa0 | bytes.length, ...bytes];
}

/** A fixmap (at most 15 entries) from already-encoded keys and values. */
export function map(entries: Array<[number[], number[]]>): number[] {
  if (entries.length > 15) throw new Error('fixmap only');
  return [0x80 | entries.length, ...entries.flatMap(([k, v]) => [...k, ...v])];
}

const eight = (write: (view: DataView) => void): number[] => {
  const view = new DataView(new ArrayBuffer(8));
  write(view);
  return [...new Uint8Array(view.buffer)];
};
/** `n` as msgpack uint64 (0xcf), however small. */
export const u64 = (n: number): number[] => [0xcf, ...eight((v) => v.setBigUint64(0, BigInt(n)))];
/** `n` as msgpack int64 (0xd3), however small. */
export const i64 = (n: number): number[] => [0xd3, ...eight((v) => v.setBigInt64(0, BigInt(n)))];
/** `n` as msgpack float64 (0xcb). */
export const f64 = (n: number): number[] => [0xcb, ...eight((v) => v.setFloat64(0, n))];

/** A msgpack map from a plain object whose values are already encoded. */
export const fields = (entries: Record<string, number[]>): number[] => map(Object.entries(entries).map(([k, v]) => [str(k), v]));

/** One encoded sample of every msgpack type and width, with the corner cases that broke decoders. */
export const MSGPACK_SAMPLES: Readonly<Record<string, number[]>> = {
  nil: [0xc0], false: [0xc2], true: [0xc3],
  'positive fixint': [0x05], 'negative fixint': [0xe0],
  uint8: [0xcc, 0xff], uint16: [0xcd, 0xff, 0xff], uint32: [0xce, 0xff, 0xff, 0xff, 0xff],
  'uint64 small': u64(3), 'uint64 2^53': u64(2 ** 53), 'uint64 max': [0xcf, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff],
  int8: [0xd0, 0x80], int16: [0xd1, 0x80, 0x00], int32: [0xd2, 0x80, 0, 0, 0],
  'int64 small': i64(-3), 'int64 min': [0xd3, 0x80, 0, 0, 0, 0, 0, 0, 0],
  float32: [0xca, 0x3f, 0xc0, 0, 0], float64: f64(1.5), NaN: f64(NaN), Infinity: f64(Infinity), '-0': f64(-0),
  fixstr: str('x'), str8: [0xd9, 3, 0x61, 0x62, 0x63], str16: [0xda, 0, 1, 0x61], str32: [0xdb, 0, 0, 0, 1, 0x61],
  'invalid utf-8': [0xa3, 0xed, 0xa0, 0x80],
  bin8: [0xc4, 2, 1, 2], bin16: [0xc5, 0, 1, 9], bin32: [0xc6, 0, 0, 0, 1, 9],
  fixarray: [0x92, 1, 2], array16: [0xdc, 0, 1, 1], array32: [0xdd, 0, 0, 0, 1, 1],
  fixmap: map([[str('a'), [1]]]), map16: [0xde, 0, 1, ...str('a'), 1], map32: [0xdf, 0, 0, 0, 1, ...str('a'), 1],
  'map with int key': [0x81, 0x07, 0x01], 'map with nil key': [0x81, 0xc0, 0x01], 'map with map key': [0x81, 0x80, 0x01],
  'map with __proto__ key': map([[str('__proto__'), map([[str('t'), [1]]])]]),
  'map with duplicate keys': map([[str('a'), [1]], [str('a'), [2]]]),
  'timestamp 32': [0xd6, 0xff, 0, 0, 0, 1], 'timestamp 64': [0xd7, 0xff, 0, 0, 0, 0, 0, 0, 0, 1],
  'timestamp 96': [0xc7, 12, 0xff, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1], 'timestamp bad length': [0xd5, 0xff, 0, 0],
  'fixext1 type 5': [0xd4, 5, 1], fixext2: [0xd5, 9, 1, 2], fixext4: [0xd6, 9, 1, 2, 3, 4], fixext8: [0xd7, 9, ...Array<number>(8).fill(0)],
  fixext16: [0xd8, 9, ...Array<number>(16).fill(0)], ext8: [0xc7, 1, 9, 0], ext16: [0xc8, 0, 1, 9, 0], ext32: [0xc9, 0, 0, 0, 1, 9, 0],
  'ext -128': [0xd4, 0x80, 1], 'msgpackr record ext 0x72': [0xd4, 0x72, 0x40], 'msgpackr cycle ext 0x69': [0xd6, 0x69, 0, 0, 0, 1],
  'never used 0xc1': [0xc1],
};
