import { escapeToken } from './json-pointer.ts';
import { setOwn } from './set-own.ts';

/** Where a JSON value (or, for object members, its key) starts in the source text. */
export interface SourceLocation {
  offset: number;
  line: number;
  column: number;
}

export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

export type ParseResult =
  | { ok: true; value: JsonValue; locate: (pointer: string) => SourceLocation | undefined; duplicateKeys: string[]; valueCount: number }
  | { ok: false; code: 'parse' | 'too-deep' | 'too-large'; message: string; location: SourceLocation };

export interface ParseLimits {
  /** Deeper nesting is rejected; stories are shallow, hostile input is not. */
  maxDepth: number;
  /** Stop recording locations after this many values, so memory stays bounded on huge input. */
  maxLocations: number;
  /** Give up (code 'too-large') past this many values, so time stays bounded too. */
  maxValues: number;
}

const DEFAULT_LIMITS: ParseLimits = { maxDepth: 256, maxLocations: 200_000, maxValues: 1_000_000 };

type Frame =
  | { kind: 'array'; value: JsonValue[]; pointer: string }
  | { kind: 'object'; value: { [key: string]: JsonValue }; pointer: string; key: string | undefined; keys: Set<string> };

const NUMBER = /-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?/y;

/**
 * A strict JSON (RFC 8259) parser that, unlike JSON.parse, reports the line and
 * column of errors, remembers where every value sits (for diagnostics), flags
 * duplicate keys (JSON.parse silently keeps the last one, which would hide a
 * duplicated node id), and is iterative, so 100,000 nested arrays cannot blow
 * the stack. It never throws.
 */
export function parseJson(text: string, limits: ParseLimits = DEFAULT_LIMITS): ParseResult {
  const lineStarts = computeLineStarts(text);
  const at = (offset: number): SourceLocation => toLocation(lineStarts, offset);
  const locations = new Map<string, number>();
  const duplicateKeys: string[] = [];
  const stack: Frame[] = [];
  let pos = 0;
  let valueCount = 0;

  const fail = (message: string, offset = pos, code: 'parse' | 'too-deep' | 'too-large' = 'parse'): ParseResult => ({
    ok: false,
    code,
    message,
    location: at(Math.min(offset, text.length)),
  });

  const skipWhitespace = (): void => {
    for (;;) {
      const c = text.charCodeAt(pos);
      if (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) pos++;
      else return;
    }
  };

  const describe = (offset: number): string =>
    offset >= text.length ? 'end of input' : `'${text[offset] === '\n' ? '\\n' : text[offset]}'`;

  // Returns the string, or an error message; pos ends after the closing quote.
  const readString = (): string | { error: string; offset: number } => {
    const start = ++pos; // skip opening quote
    let out = '';
    let chunkStart = start;
    for (;;) {
      if (pos >= text.length) return { error: 'unterminated string', offset: start - 1 };
      const c = text.charCodeAt(pos);
      if (c === 0x22) {
        out += text.slice(chunkStart, pos);
        pos++;
        return out;
      }
      if (c < 0x20) return { error: 'control character in string (escape it)', offset: pos };
      if (c !== 0x5c) {
        pos++;
        continue;
      }
      out += text.slice(chunkStart, pos);
      const e = text[pos + 1];
      switch (e) {
        case '"': out += '"'; break;
        case '\\': out += '\\'; break;
        case '/': out += '/'; break;
        case 'b': out += '\b'; break;
        case 'f': out += '\f'; break;
        case 'n': out += '\n'; break;
        case 'r': out += '\r'; break;
        case 't': out += '\t'; break;
        case 'u': {
          const hex = text.slice(pos + 2, pos + 6);
          if (!/^[0-9a-fA-F]{4}$/.test(hex)) return { error: 'bad \\u escape', offset: pos };
          out += String.fromCharCode(parseInt(hex, 16));
          pos += 4;
          break;
        }
        default:
          return { error: `bad escape '\\${e ?? ''}'`, offset: pos };
      }
      pos += 2;
      chunkStart = pos;
    }
  };

  // Attaches a finished value to its parent; returns the root when the stack is empty.
  let root: JsonValue | undefined;
  let rootSet = false;
  const attach = (value: JsonValue): void => {
    const parent = stack[stack.length - 1];
    if (!parent) {
      root = value;
      rootSet = true;
    } else if (parent.kind === 'array') {
      parent.value.push(value);
    } else {
      const key = parent.key as string;
      setOwn(parent.value, key, value);
      parent.key = undefined;
    }
  };

  const childPointer = (): string => {
    const parent = stack[stack.length - 1];
    if (!parent) return '';
    if (parent.kind === 'array') return parent.pointer + '/' + parent.value.length;
    return parent.pointer + '/' + escapeToken(parent.key as string);
  };

  // Past maxLocations nothing is recorded, so pointers are built only when needed.
  const recording = (): boolean => locations.size < limits.maxLocations;
  const record = (pointer: string, offset: number): void => {
    if (!locations.has(pointer)) locations.set(pointer, offset);
  };

  // Main loop: parse one value, then unwind closers and separators.
  for (;;) {
    skipWhitespace();
    const valueStart = pos;
    const c0 = text[pos];
    const ptr = recording() || c0 === '{' || c0 === '[' ? childPointer() : '';
    const parent = stack[stack.length - 1];
    valueCount++;
    if (recording() && parent?.kind !== 'object') record(ptr, valueStart);
    if (valueCount > limits.maxValues) return fail(`more than ${limits.maxValues} values`, valueStart, 'too-large');
    const c = text[pos];
    if (c === '{' || c === '[') {
      if (stack.length >= limits.maxDepth) return fail(`nesting deeper than ${limits.maxDepth} levels`, pos, 'too-deep');
      pos++;
      skipWhitespace();
      if (c === '[') {
        const frame: Frame = { kind: 'array', value: [], pointer: ptr };
        if (text[pos] === ']') {
          pos++;
          attach(frame.value);
        } else {
          stack.push(frame);
          continue;
        }
      } else {
        const frame: Frame = { kind: 'object', value: {}, pointer: ptr, key: undefined, keys: new Set() };
        if (text[pos] === '}') {
          pos++;
          attach(frame.value);
        } else {
          stack.push(frame);
          const keyError = readKey(frame);
          if (keyError) return keyError;
          continue;
        }
      }
    } else if (c === '"') {
      const s = readString();
      if (typeof s !== 'string') return fail(s.error, s.offset);
      attach(s);
    } else if (c === 't' && text.startsWith('true', pos)) {
      pos += 4;
      attach(true);
    } else if (c === 'f' && text.startsWith('false', pos)) {
      pos += 5;
      attach(false);
    } else if (c === 'n' && text.startsWith('null', pos)) {
      pos += 4;
      attach(null);
    } else {
      NUMBER.lastIndex = pos;
      const m = NUMBER.exec(text);
      if (!m) return fail(`unexpected ${describe(pos)}, expected a value`);
      pos += m[0].length;
      const n = Number(m[0]);
      if (!Number.isFinite(n)) return fail('number out of range', valueStart);
      attach(n);
    }

    // Close containers and consume separators until the next value is due.
    for (;;) {
      skipWhitespace();
      const top = stack[stack.length - 1];
      if (!top) {
        if (pos < text.length) return fail(`unexpected ${describe(pos)} after the end of the document`);
        if (!rootSet) return fail('empty document', 0);
        return {
          ok: true,
          value: root as JsonValue,
          duplicateKeys,
          valueCount,
          locate: (pointer) => {
            const offset = locations.get(pointer);
            return offset === undefined ? undefined : at(offset);
          },
        };
      }
      const ch = text[pos];
      if (top.kind === 'array') {
        if (ch === ',') {
          pos++;
          break;
        }
        if (ch === ']') {
          pos++;
          stack.pop();
          attach(top.value);
          continue;
        }
        return fail(`unexpected ${describe(pos)} in array, expected ',' or ']'`);
      }
      if (ch === ',') {
        pos++;
        const keyError = readKey(top);
        if (keyError) return keyError;
        break;
      }
      if (ch === '}') {
        pos++;
        stack.pop();
        attach(top.value);
        continue;
      }
      return fail(`unexpected ${describe(pos)} in object, expected ',' or '}'`);
    }
  }

  function readKey(frame: Frame & { kind: 'object' }): ParseResult | undefined {
    skipWhitespace();
    if (text[pos] !== '"') return fail(`unexpected ${describe(pos)}, expected a property name in double quotes`);
    const keyStart = pos;
    const key = readString();
    if (typeof key !== 'string') return fail(key.error, key.offset);
    skipWhitespace();
    if (text[pos] !== ':') return fail(`unexpected ${describe(pos)}, expected ':' after property name`);
    pos++;
    const duplicate = frame.keys.has(key);
    if (duplicate || recording()) {
      const ptr = frame.pointer + '/' + escapeToken(key);
      if (duplicate) {
        duplicateKeys.push(ptr);
        locations.delete(ptr); // so the diagnostic points at the repeat, not the first definition
      }
      if (recording()) record(ptr, keyStart);
    }
    frame.keys.add(key);
    frame.key = key;
    return undefined;
  }
}

function computeLineStarts(text: string): number[] {
  const starts = [0];
  let i = text.indexOf('\n');
  while (i !== -1) {
    starts.push(i + 1);
    i = text.indexOf('\n', i + 1);
  }
  return starts;
}

function toLocation(lineStarts: number[], offset: number): SourceLocation {
  let lo = 0;
  let hi = lineStarts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if ((lineStarts[mid] as number) <= offset) lo = mid;
    else hi = mid - 1;
  }
  return { offset, line: lo + 1, column: offset - (lineStarts[lo] as number) + 1 };
}
