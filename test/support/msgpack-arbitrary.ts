/**
 * fast-check generators for the whole msgpack input space, as wire trees
 * (msgpack-wire.ts) with an explicit encoding per node: every integer format
 * (values encoded wider than needed, values past 2^53 and near ±2^63/2^64),
 * float32/float64 with NaN, ±Infinity and -0, str (invalid UTF-8 too), bin,
 * arrays and maps in every length format, maps with non-string, duplicate
 * and `__proto__` keys, ext in every format (the timestamp type -1 with valid
 * and invalid lengths, msgpackr's 0x72 record extension, any other type),
 * the reserved byte 0xc1, deep nesting up to the 64 KiB frame limit, and
 * truncated or trailing-garbage frames.
 */
import fc from 'fast-check';
import {
  arrayFormatsFor,
  binFormatsFor,
  encodeWire,
  extFormatsFor,
  intFormatsFor,
  mapFormatsFor,
  str,
  strFormatsFor,
  type ArrayFormat,
  type IntFormat,
  type MapFormat,
  type WireNode,
} from './msgpack-wire.ts';

/** The client frame limit (server/ws/socket-limits.ts maxPayloadBytes). */
export const FRAME_LIMIT = 64 * 1024;

const utf8 = new TextEncoder();

/** Integers at every format boundary, and past the safe range. */
const EDGE_INTS: bigint[] = [
  0n, 1n, 31n, 32n, 127n, 128n, 255n, 256n, 32767n, 32768n, 65535n, 65536n, 2n ** 31n - 1n, 2n ** 31n, 2n ** 32n - 1n, 2n ** 32n,
  2n ** 53n - 1n, 2n ** 53n, 2n ** 53n + 1n, 2n ** 63n - 1n, 2n ** 63n, 2n ** 64n - 1n,
  -1n, -32n, -33n, -128n, -129n, -32768n, -32769n, -(2n ** 31n), -(2n ** 31n) - 1n, -(2n ** 53n) + 1n, -(2n ** 53n), -(2n ** 53n) - 1n, -(2n ** 63n),
];

/** Keys a decoder may treat specially, plus the protocol's own field names. */
const INTERESTING_KEYS = ['t', 'id', 'cmd', 'type', 'token', 'since', 'c0', 'option', 'quiz', 'hotspot', 'action', 'text', 'at', 'position', 'prompt', 'options', 'answer', 'points', 'seconds',
  '__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', 'valueOf', 'toJSON', ''];

/** A value of the given format choices, picked by the generator (shrinks towards the first). */
const pick = <T>(choices: readonly T[]): fc.Arbitrary<T> => fc.constantFrom(...choices);

export const arbInt: fc.Arbitrary<WireNode> = fc
  .oneof(
    pick(EDGE_INTS),
    fc.bigInt({ min: -128n, max: 255n }),
    fc.bigInt({ min: -(2n ** 63n), max: 2n ** 64n - 1n }),
    fc.bigInt({ min: -(2n ** 53n), max: 2n ** 53n }),
  )
  .chain((v) => pick(intFormatsFor(v)).map((f): WireNode => ({ k: 'int', v, f })));

export const arbFloat: fc.Arbitrary<WireNode> = fc.oneof(
  fc.double().map((v): WireNode => ({ k: 'float64', v })),
  fc.float().map((v): WireNode => ({ k: 'float32', v })),
  pick([Number.NaN, Infinity, -Infinity, -0, 0, 2 ** 53, -(2 ** 53), 1e308, 5e-324]).map((v): WireNode => ({ k: 'float64', v })),
);

/** Bytes of a str: valid UTF-8 mostly, sometimes any bytes (invalid UTF-8). */
const arbStrBytes: fc.Arbitrary<Uint8Array> = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...INTERESTING_KEYS).map((s) => utf8.encode(s)) },
  { weight: 3, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }).map((s) => utf8.encode(s)) },
  { weight: 1, arbitrary: fc.uint8Array({ maxLength: 40 }) },
  { weight: 1, arbitrary: fc.constantFrom(new Uint8Array([0xff]), new Uint8Array([0xc0, 0x80]), new Uint8Array([0xed, 0xa0, 0x80]), new Uint8Array([0xe2, 0x82])) },
);

export const arbStr: fc.Arbitrary<WireNode> = arbStrBytes.chain((bytes) => pick(strFormatsFor(bytes.length)).map((f): WireNode => ({ k: 'str', bytes, f })));

export const arbBin: fc.Arbitrary<WireNode> = fc.uint8Array({ maxLength: 40 }).chain((bytes) => pick(binFormatsFor(bytes.length)).map((f): WireNode => ({ k: 'bin', bytes, f })));

/** ext nodes: the timestamp type -1 (lengths 4, 8 and 12 are valid, others not), msgpackr's 0x72 records, and any other type. */
export const arbExt: fc.Arbitrary<WireNode> = fc
  .oneof(
    fc.tuple(fc.constant(-1), fc.oneof(pick([4, 8, 12]), fc.nat({ max: 20 }))),
    fc.tuple(fc.constant(0x72), fc.nat({ max: 20 })),
    fc.tuple(fc.integer({ min: -128, max: 127 }), pick([0, 1, 2, 4, 8, 16, 3, 17])),
  )
  .chain(([type, length]) =>
    fc.tuple(fc.uint8Array({ minLength: length, maxLength: length }), pick(extFormatsFor(length))).map(([data, f]): WireNode => ({ k: 'ext', type, data, f })),
  );

const arbLeaf: fc.Arbitrary<WireNode> = fc.oneof(
  { weight: 1, arbitrary: fc.constant<WireNode>({ k: 'nil' }) },
  { weight: 1, arbitrary: fc.boolean().map((v): WireNode => ({ k: 'bool', v })) },
  { weight: 4, arbitrary: arbInt },
  { weight: 2, arbitrary: arbFloat },
  { weight: 4, arbitrary: arbStr },
  { weight: 1, arbitrary: arbBin },
  { weight: 2, arbitrary: arbExt },
);

/** Any msgpack value tree, a few levels deep, with every container format. */
export const arbWireNode: fc.Arbitrary<WireNode> = fc.letrec<{ node: WireNode; array: WireNode; map: WireNode }>((tie) => ({
  node: fc.oneof({ depthSize: 'small', maxDepth: 4 }, arbLeaf, tie('array'), tie('map')),
  array: fc.array(tie('node'), { maxLength: 6 }).chain((items) => pick(arrayFormatsFor(items.length)).map((f): WireNode => ({ k: 'array', items, f }))),
  map: fc
    .array(fc.tuple(fc.oneof({ weight: 4, arbitrary: arbKeyString() }, { weight: 1, arbitrary: tie('node') }), tie('node')), { maxLength: 6 })
    .chain((entries) => pick(mapFormatsFor(entries.length)).map((f): WireNode => ({ k: 'map', entries, f }))),
})).node;

function arbKeyString(): fc.Arbitrary<WireNode> {
  return fc.constantFrom(...INTERESTING_KEYS).chain((key) => {
    const bytes = utf8.encode(key);
    return pick(strFormatsFor(bytes.length)).map((f): WireNode => ({ k: 'str', bytes, f }));
  });
}

/** One frame: its bytes and what kind of case it is (for messages and counts). */
export interface FrameCase {
  kind: string;
  bytes: Uint8Array;
}

const concat = (...parts: Uint8Array[]): Uint8Array => {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
};

/** Arrays or maps nested `depth` deep: one or two bytes per level, up to the frame limit. */
export const arbDeepFrame: fc.Arbitrary<FrameCase> = fc
  .tuple(fc.integer({ min: 1, max: FRAME_LIMIT - 8 }), pick(['array', 'map', 'mixed'] as const))
  .map(([depth, shape]) => {
    const levels = shape === 'map' ? Math.floor(depth / 2) : depth;
    const bytes = new Uint8Array(shape === 'map' ? levels * 2 + 1 : levels + 1);
    let at = 0;
    for (let i = 0; i < levels; i++) {
      const map = shape === 'map' || (shape === 'mixed' && i % 2 === 1);
      if (map) {
        bytes[at++] = 0x81; // fixmap of one entry
        bytes[at++] = 0xa1; // key: a one-byte fixstr…
        bytes[at++] = 0x74; // …"t"
      } else {
        bytes[at++] = 0x91; // fixarray of one item
      }
      if (at >= bytes.length - 3) break;
    }
    bytes[at++] = 0xc0;
    return { kind: `deep-${shape}`, bytes: bytes.subarray(0, at) };
  });

/** A frame close to (or exactly at) the limit: one long str, bin or array. */
export const arbBigFrame: fc.Arbitrary<FrameCase> = fc
  .tuple(fc.integer({ min: FRAME_LIMIT - 64, max: FRAME_LIMIT }), pick(['str', 'bin', 'array'] as const), fc.boolean())
  .map(([size, shape, inMap]) => {
    const wrap = inMap ? 8 : 0; // {t: 3, id: <...>}: 1 + 2 + 1 + 4 header bytes
    const header = shape === 'array' ? 5 : 5; // str32/bin32/array32 header
    const n = Math.max(0, size - header - wrap);
    const node: WireNode = shape === 'str' ? { k: 'str', bytes: new Uint8Array(n).fill(0x61), f: 'str32' } : shape === 'bin' ? { k: 'bin', bytes: new Uint8Array(n), f: 'bin32' } : { k: 'array', items: Array.from({ length: n }, () => ({ k: 'nil' as const })), f: 'array32' };
    const tree: WireNode = inMap ? { k: 'map', f: 'fixmap', entries: [[str('t'), { k: 'int', v: 3n, f: 'pfixint' }], [str('id'), node]] } : node;
    return { kind: `big-${shape}`, bytes: encodeWire(tree) };
  });

/** Frames of every class: raw bytes, encoded trees, truncated and trailing-garbage trees, deep nesting, near-limit sizes. */
export function arbFrame(messages?: fc.Arbitrary<WireNode>): fc.Arbitrary<FrameCase> {
  const tree = messages ? fc.oneof(arbWireNode, messages) : arbWireNode;
  return fc.oneof(
    { weight: 2, arbitrary: fc.uint8Array({ maxLength: 64 }).map((bytes) => ({ kind: 'bytes', bytes })) },
    { weight: 6, arbitrary: tree.map((node) => ({ kind: `tree-${node.k}`, bytes: encodeWire(node) })) },
    {
      weight: 2,
      arbitrary: fc.tuple(tree, fc.nat()).map(([node, cut]) => {
        const bytes = encodeWire(node);
        return { kind: 'truncated', bytes: bytes.subarray(0, bytes.length <= 1 ? 0 : cut % bytes.length) };
      }),
    },
    { weight: 2, arbitrary: fc.tuple(tree, fc.uint8Array({ minLength: 1, maxLength: 8 })).map(([node, tail]) => ({ kind: 'trailing', bytes: concat(encodeWire(node), tail) })) },
    { weight: 1, arbitrary: fc.constantFrom(new Uint8Array([0xc1]), new Uint8Array(0), new Uint8Array([0x81, 0xa1, 0x74, 0xc1])).map((bytes) => ({ kind: 'reserved', bytes })) },
  );
}

/** Rare, expensive frame classes: give them their own small share of a run. */
export const arbHeavyFrame: fc.Arbitrary<FrameCase> = fc.oneof(arbDeepFrame, arbBigFrame);

/**
 * The wire form of a plain JS value (string, number, boolean, null, array,
 * object) with a randomly chosen valid encoding per node, wider ones
 * included: an integer as any int format that holds it or as float64, a
 * string in any str format, a container in any length format. Decoding any
 * of them must give back the same value.
 */
export function arbWireOf(value: unknown): fc.Arbitrary<WireNode> {
  if (value === null || value === undefined) return fc.constant({ k: 'nil' });
  if (typeof value === 'boolean') return fc.constant({ k: 'bool', v: value });
  if (typeof value === 'number') {
    if (Number.isSafeInteger(value) && !Object.is(value, -0)) {
      const v = BigInt(value);
      return fc.oneof(
        { weight: 4, arbitrary: pick(intFormatsFor(v).reverse()).map((f): WireNode => ({ k: 'int', v, f })) },
        { weight: 1, arbitrary: fc.constant<WireNode>({ k: 'float64', v: value }) },
      );
    }
    return Math.fround(value) === value || Number.isNaN(value) ? pick<WireNode>([{ k: 'float64', v: value }, { k: 'float32', v: value }]) : fc.constant({ k: 'float64', v: value });
  }
  if (typeof value === 'string') {
    const bytes = utf8.encode(value);
    return pick(strFormatsFor(bytes.length).reverse()).map((f): WireNode => ({ k: 'str', bytes, f }));
  }
  if (Array.isArray(value)) {
    const items = value.map((item) => arbWireOf(item));
    return fc.tuple(fc.tuple(...items), pick(arrayFormatsFor(value.length).reverse())).map(([nodes, f]): WireNode => ({ k: 'array', items: nodes, f }));
  }
  if (typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
    const nodes = entries.map(([key, v]) => fc.tuple(arbWireOf(key), arbWireOf(v)));
    return fc.tuple(fc.tuple(...nodes), pick(mapFormatsFor(entries.length).reverse())).map(([pairs, f]): WireNode => ({ k: 'map', entries: pairs, f }));
  }
  throw new TypeError(`arbWireOf: ${typeof value} has no plain msgpack form`);
}

/** The narrowest wire form of a plain JS value: what any encoder would write. */
export function narrowWire(value: unknown): WireNode {
  if (value === null || value === undefined) return { k: 'nil' };
  if (typeof value === 'boolean') return { k: 'bool', v: value };
  if (typeof value === 'number') {
    if (Number.isSafeInteger(value) && !Object.is(value, -0)) {
      const v = BigInt(value);
      return { k: 'int', v, f: intFormatsFor(v)[0] as IntFormat };
    }
    return { k: 'float64', v: value };
  }
  if (typeof value === 'string') return str(value);
  if (Array.isArray(value)) return { k: 'array', items: value.map(narrowWire), f: arrayFormatsFor(value.length)[0] as ArrayFormat };
  if (typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
    return { k: 'map', entries: entries.map(([key, v]) => [str(key), narrowWire(v)]), f: mapFormatsFor(entries.length)[0] as MapFormat };
  }
  throw new TypeError(`narrowWire: ${typeof value} has no plain msgpack form`);
}

/** The key paths of every map entry in `tree` whose keys are strings (top level first). */
export function mapPaths(tree: WireNode, prefix: string[] = []): string[][] {
  if (tree.k !== 'map') return [];
  const paths: string[][] = [];
  for (const [key, value] of tree.entries) {
    if (key.k !== 'str') continue;
    const path = [...prefix, new TextDecoder().decode(key.bytes)];
    paths.push(path, ...mapPaths(value, path));
  }
  return paths;
}

/** `tree` with the entry at `path` changed by `edit` (undefined: the entry removed). */
export function editAt(tree: WireNode, path: string[], edit: (value: WireNode) => WireNode | undefined): WireNode {
  if (tree.k !== 'map' || path.length === 0) return tree;
  const [head, ...rest] = path;
  const entries: Array<[WireNode, WireNode]> = [];
  for (const [key, value] of tree.entries) {
    const matches = key.k === 'str' && new TextDecoder().decode(key.bytes) === head;
    if (!matches) entries.push([key, value]);
    else if (rest.length > 0) entries.push([key, editAt(value, rest, edit)]);
    else {
      const next = edit(value);
      if (next !== undefined) entries.push([key, next]);
    }
  }
  return { ...tree, entries, f: mapFormatsFor(entries.length).includes(tree.f) ? tree.f : 'map32' };
}

/**
 * A message's wire form with one field tampered with: its value replaced by
 * any msgpack value, the field removed, a duplicate key added after it (the
 * last one wins in msgpackr), or an extra `__proto__`/unknown entry added.
 */
export function arbTampered(message: Record<string, unknown>): fc.Arbitrary<WireNode> {
  return fc.tuple(arbWireOf(message), fc.nat(), arbWireNode, pick(['replace', 'remove', 'duplicate', 'extra'] as const), arbKeyString()).map(([tree, i, node, how, extraKey]) => {
    const paths = mapPaths(tree);
    const path = paths[i % Math.max(1, paths.length)] ?? [];
    if (how === 'replace') return editAt(tree, path, () => node);
    if (how === 'remove') return editAt(tree, path, () => undefined);
    const addTo = (map: WireNode, key: WireNode): WireNode => (map.k === 'map' ? { k: 'map', f: 'map16', entries: [...map.entries, [key, node]] } : map);
    if (how === 'duplicate' && path.length > 0) {
      const parent = path.slice(0, -1);
      const key = str(path.at(-1) as string);
      return parent.length === 0 ? addTo(tree, key) : editAt(tree, parent, (map) => addTo(map, key));
    }
    return addTo(tree, extraKey);
  });
}

/** What a story offers, so that some generated commands are valid and accepted. */
export interface CommandVocabulary {
  options: string[];
  quizzes: string[];
  hotspots: string[];
}

const arbShortString = fc.string({ minLength: 1, maxLength: 12 });

/** A structurally valid command of each `cmd.type` the codec knows, with values from the vocabulary mostly. */
export function arbCommand(vocab: CommandVocabulary): fc.Arbitrary<Record<string, unknown>> {
  const option = fc.oneof({ weight: 4, arbitrary: pick(vocab.options) }, { weight: 1, arbitrary: arbShortString });
  const quiz = fc.oneof({ weight: 4, arbitrary: pick(vocab.quizzes) }, { weight: 1, arbitrary: arbShortString });
  const hotspot = fc.oneof({ weight: 4, arbitrary: pick(vocab.hotspots) }, { weight: 1, arbitrary: arbShortString });
  const media = fc.oneof(fc.integer({ min: 0, max: 600 }), fc.double({ min: 0, max: 600, noNaN: true }));
  return fc.oneof(
    fc.constant({ type: 'play' }),
    fc.constant({ type: 'pause' }),
    media.map((position) => ({ type: 'seek', position })),
    option.map((o) => ({ type: 'vote', option: o })),
    option.map((o) => ({ type: 'choose', option: o })),
    fc.tuple(quiz, fc.integer({ min: -1, max: 4 })).map(([q, o]) => ({ type: 'answer', quiz: q, option: o })),
    fc
      .record({ id: arbShortString, prompt: arbShortString, options: fc.array(arbShortString, { minLength: 2, maxLength: 4 }), answer: fc.option(fc.nat({ max: 3 }), { nil: undefined }), points: fc.option(fc.nat({ max: 100 }), { nil: undefined }), seconds: fc.option(fc.integer({ min: 30, max: 600 }), { nil: undefined }) })
      .map((q) => ({ type: 'push-quiz', quiz: q })),
    quiz.map((q) => ({ type: 'close-quiz', quiz: q })),
    fc.tuple(hotspot, pick(['impression', 'click'])).map(([h, action]) => ({ type: 'hotspot', hotspot: h, action })),
    hotspot.map((h) => ({ type: 'claim', hotspot: h })),
    fc.tuple(fc.string({ minLength: 1, maxLength: 40 }), media).map(([text, at]) => ({ type: 'comment', text, at })),
  );
}

/** A structurally valid client message: HELLO, TIME or a COMMAND of any type. */
export function arbClientMessage(vocab: CommandVocabulary, ids: fc.Arbitrary<string> = fc.string({ minLength: 1, maxLength: 16 })): fc.Arbitrary<Record<string, unknown>> {
  return fc.oneof(
    { weight: 1, arbitrary: fc.record({ t: fc.constant(1), token: fc.option(fc.string({ maxLength: 30 }), { nil: undefined }), since: fc.option(fc.nat(), { nil: undefined }) }) },
    { weight: 1, arbitrary: fc.oneof(fc.double({ noNaN: true, noDefaultInfinity: true }), fc.maxSafeInteger(), fc.integer({ min: 1_600_000_000_000, max: 2_000_000_000_000 })).map((c0) => ({ t: 2, c0 })) },
    { weight: 6, arbitrary: fc.tuple(ids, arbCommand(vocab)).map(([id, cmd]) => ({ t: 3, id, cmd })) },
  );
}
