/**
 * Client frames are hostile input: this turns any byte string into plain
 * data or a typed reason, and never throws.
 *
 * Why not msgpackr here (it encodes every frame, and decodes the server's):
 * its decoder understands msgpackr's own extensions even with records off:
 * references that build cycles (0x69/0x70), Sets, Errors, RegExps, typed
 * arrays, bundled strings that move the read position, arbitrary-size
 * BigInts. That is right between trusted peers and wrong at a public socket.
 * @msgpack/msgpack decodes the msgpack spec only, iteratively (deep nesting
 * cannot overflow the stack), rejects `__proto__` keys and non-string keys,
 * and reports trailing bytes; we add what the protocol needs on top:
 * - integers of every width are the same integer: an int64/uint64 within
 *   ±(2^53 − 1) becomes a number, a larger one is refused (no precision loss);
 * - ext values (the timestamp -1 included) are refused: no message uses them;
 * - maps become null-prototype objects with string keys; a duplicate key
 *   keeps its last value, as most decoders do;
 * - a string must be well-formed UTF-8 (no lone surrogates);
 * - nesting is limited to MAX_WIRE_DEPTH levels.
 */
import { DecodeError, Decoder, ExtData, ExtensionCodec } from '@msgpack/msgpack';
import { decodeCommonWire } from './wire-common.ts';

/** What a decoded client value may be: msgpack's plain types, nothing else. */
export type WireValue = null | boolean | number | string | Uint8Array | WireValue[] | { [key: string]: WireValue };

/** The deepest nesting a client frame may use; no message needs more than 4. */
export const MAX_WIRE_DEPTH = 32;

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

export type WireDecodeResult = { ok: true; value: WireValue } | { ok: false; reason: string };

// No extension is registered beyond the timestamp codec the library always knows: every ext is refused below.
const decoder = new Decoder({ useBigInt64: true, extensionCodec: new ExtensionCodec() });

/** Decodes one msgpack value that must fill the whole frame. Total. */
export function decodeWireValue(bytes: Uint8Array): WireDecodeResult {
  // The common shape (a vote, a time request) in one pass; anything else below.
  const common = decodeCommonWire(bytes);
  return common !== undefined ? { ok: true, value: common } : decodeWireValueInFull(bytes);
}

/** decodeWireValue without the common-shape pass: the reference it is fuzzed against. */
export function decodeWireValueInFull(bytes: Uint8Array): WireDecodeResult {
  let raw: unknown;
  try {
    raw = decoder.decode(bytes);
  } catch (error) {
    return { ok: false, reason: error instanceof DecodeError || error instanceof RangeError ? `frame is not valid msgpack (${safeReason(error)})` : 'frame is not valid msgpack' };
  }
  try {
    return toWireValue(raw, 0);
  } catch {
    // Defence in depth: toWireValue has no known way to throw.
    return { ok: false, reason: 'frame could not be decoded' };
  }
}

function toWireValue(raw: unknown, depth: number): WireDecodeResult {
  if (depth > MAX_WIRE_DEPTH) return { ok: false, reason: `frame nests deeper than ${MAX_WIRE_DEPTH} levels` };
  switch (typeof raw) {
    case 'boolean':
    case 'number':
      return { ok: true, value: raw };
    case 'string':
      // Invalid UTF-8 can decode to lone surrogates, which no encoder can send on to other clients.
      return !LONE_SURROGATE.test(raw) ? { ok: true, value: raw } : { ok: false, reason: 'a string is not valid UTF-8' };
    case 'bigint':
      if (raw >= BigInt(Number.MIN_SAFE_INTEGER) && raw <= BigInt(Number.MAX_SAFE_INTEGER)) return { ok: true, value: Number(raw) };
      return { ok: false, reason: 'an integer is outside ±(2^53 − 1), the range the protocol accepts' };
    case 'object':
      break;
    default:
      return { ok: false, reason: `unexpected ${typeof raw} in frame` };
  }
  if (raw === null) return { ok: true, value: null };
  if (raw instanceof Uint8Array) return { ok: true, value: raw };
  if (raw instanceof Date) return { ok: false, reason: 'timestamps (ext -1) are not accepted' };
  if (raw instanceof ExtData) return { ok: false, reason: `ext type ${raw.type} is not accepted` };
  if (Array.isArray(raw)) {
    const items: WireValue[] = [];
    for (const item of raw as unknown[]) {
      const converted = toWireValue(item, depth + 1);
      if (!converted.ok) return converted;
      items.push(converted.value);
    }
    return { ok: true, value: items };
  }
  if (Object.getPrototypeOf(raw) !== Object.prototype) return { ok: false, reason: 'unexpected value in frame' };
  const map: { [key: string]: WireValue } = Object.create(null) as { [key: string]: WireValue };
  for (const [key, item] of Object.entries(raw)) {
    const converted = toWireValue(item, depth + 1);
    if (!converted.ok) return converted;
    map[key] = converted.value;
  }
  return { ok: true, value: map };
}

/** The library's messages name type bytes and offsets, never the data; still, keep them short. */
function safeReason(error: Error): string {
  return error.message.replace(/[^\x20-\x7e]/g, '?').slice(0, 120);
}

/** A short, safe description of a value for an error message: its type, and a small integer or short plain string itself. */
export function describeWireValue(value: unknown): string {
  if (value === undefined) return 'missing';
  if (value === null) return 'nil';
  if (typeof value === 'number') return Number.isSafeInteger(value) && Math.abs(value) < 1e6 ? `integer ${value}` : 'a number';
  if (typeof value === 'boolean') return `${value}`;
  if (typeof value === 'string') return /^[\w.:/-]{1,32}$/.test(value) ? `"${value}"` : `a string of ${value.length} characters`;
  if (value instanceof Uint8Array) return `binary of ${value.byteLength} bytes`;
  if (Array.isArray(value)) return `an array of ${value.length}`;
  return typeof value === 'object' ? 'a map' : `a ${typeof value}`;
}
