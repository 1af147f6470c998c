/**
 * Parses a `Range` request header against a representation size, per
 * RFC 9110 §14.1.1–14.2. Pure: header text and size in, decision out.
 *
 *   ranges-specifier = range-unit "=" range-set
 *   range-set        = 1#range-spec            (empty list elements are allowed)
 *   range-spec       = int-range / suffix-range
 *   int-range        = first-pos "-" [ last-pos ]
 *   suffix-range     = "-" suffix-length
 */

/** An inclusive byte range `[start, end]` that lies inside the representation. */
export interface ByteRange {
  start: number;
  end: number;
}

/**
 * - `none`: no Range header; serve the whole representation.
 * - `ignored`: present but syntactically invalid, another unit, or over the
 *   range-count cap; RFC 9110 says to ignore it, so serve 200.
 * - `unsatisfiable`: valid, but no range overlaps the representation (416).
 * - `satisfiable`: the satisfiable ranges, clipped to the size, in request order.
 */
export type RangeHeaderResult =
  | { kind: 'none' }
  | { kind: 'ignored'; reason: string }
  | { kind: 'unsatisfiable' }
  | { kind: 'satisfiable'; ranges: ByteRange[] };

/**
 * More ranges than this are treated as an attack rather than a request
 * (cf. the 2011 "Apache Killer"); the header is then ignored.
 */
export const MAX_RANGES = 64;

const DIGITS = /^\d+$/;
// Positions longer than this exceed any file we can hold and lose precision.
const MAX_SAFE_DIGITS = 15;

/** Parses `header` (undefined or '' when absent) for a representation of `size` bytes. */
export function parseRangeHeader(header: string | undefined, size: number): RangeHeaderResult {
  if (header === undefined || header === '') return { kind: 'none' };
  const eq = header.indexOf('=');
  if (eq <= 0) return { kind: 'ignored', reason: 'no range unit' };
  // Range units are case-insensitive (RFC 9110 §14.1).
  if (header.slice(0, eq).toLowerCase() !== 'bytes') return { kind: 'ignored', reason: 'unsupported range unit' };

  const elements = header.slice(eq + 1).split(',');
  if (elements.length > MAX_RANGES * 2) return { kind: 'ignored', reason: 'too many ranges' };
  const ranges: ByteRange[] = [];
  let specs = 0;
  for (const raw of elements) {
    const element = raw.trim(); // OWS around list commas
    if (element === '') continue;
    specs += 1;
    if (specs > MAX_RANGES) return { kind: 'ignored', reason: 'too many ranges' };
    const spec = parseRangeSpec(element);
    if (spec === undefined) return { kind: 'ignored', reason: `invalid range-spec '${element.slice(0, 40)}'` };
    const range = satisfy(spec, size);
    if (range !== undefined) ranges.push(range);
  }
  if (specs === 0) return { kind: 'ignored', reason: 'empty range-set' };
  return ranges.length === 0 ? { kind: 'unsatisfiable' } : { kind: 'satisfiable', ranges };
}

type RangeSpec = { kind: 'int'; first: number; last: number } | { kind: 'suffix'; length: number };

function parseRangeSpec(spec: string): RangeSpec | undefined {
  const dash = spec.indexOf('-');
  if (dash < 0) return undefined;
  const first = spec.slice(0, dash);
  const last = spec.slice(dash + 1);
  if (first === '') {
    return DIGITS.test(last) ? { kind: 'suffix', length: position(last) } : undefined;
  }
  if (!DIGITS.test(first)) return undefined;
  if (last === '') return { kind: 'int', first: position(first), last: Infinity };
  if (!DIGITS.test(last)) return undefined;
  // "last-pos < first-pos" makes the whole header invalid (§14.1.1).
  if (compareDigits(last, first) < 0) return undefined;
  return { kind: 'int', first: position(first), last: position(last) };
}

function satisfy(spec: RangeSpec, size: number): ByteRange | undefined {
  if (spec.kind === 'suffix') {
    if (spec.length === 0 || size === 0) return undefined;
    return { start: Math.max(0, size - spec.length), end: size - 1 };
  }
  if (spec.first >= size) return undefined;
  return { start: spec.first, end: Math.min(spec.last, size - 1) };
}

/** Digits as a number; absurdly long ones become Infinity (beyond any file). */
function position(digits: string): number {
  if (digits.length <= MAX_SAFE_DIGITS) return Number(digits); // the common case, leading zeros included
  const trimmed = digits.replace(/^0+(?=\d)/, '');
  return trimmed.length > MAX_SAFE_DIGITS ? Infinity : Number(trimmed);
}

/** Compares two digit strings numerically without losing precision. */
function compareDigits(a: string, b: string): number {
  if (a.length <= MAX_SAFE_DIGITS && b.length <= MAX_SAFE_DIGITS) return Number(a) - Number(b);
  const x = a.replace(/^0+(?=\d)/, '');
  const y = b.replace(/^0+(?=\d)/, '');
  if (x.length !== y.length) return x.length - y.length;
  return x < y ? -1 : x > y ? 1 : 0;
}
