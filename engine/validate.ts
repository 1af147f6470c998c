import { error, warning, type Diagnostic } from './diagnostic.ts';
import { parseJson, type SourceLocation } from './parse-json.ts';
import { SchemaChecker } from './schema-check.ts';
import { checkSemantics, type MediaProbe } from './semantic-check.ts';
import type { Story } from './story.ts';

export interface ValidateOptions {
  /** Given only when a media root is known; enables `missing-media`. */
  media?: MediaProbe;
}

/** Hard limits that keep validation bounded in time and memory on hostile input. */
export const LIMITS = {
  maxTextLength: 32 * 1024 * 1024,
  maxDepth: 256,
  maxValues: 500_000,
  maxDiagnostics: 1000,
} as const;

const schemaChecker = new SchemaChecker();

/**
 * Validates a story given as JSON text or as an already-parsed value.
 * Total: any input returns diagnostics in bounded time and never throws.
 * A story is usable when no diagnostic has severity 'error'.
 *
 * @example
 * const diagnostics = validateStory(fs.readFileSync('heist.json', 'utf8'));
 * if (hasErrors(diagnostics)) console.error(diagnostics);
 */
export function validateStory(input: unknown, options: ValidateOptions = {}): Diagnostic[] {
  return checkStory(input, options).diagnostics;
}

/** One validation pass: its diagnostics, and the value it checked (the parsed JSON when the input was text). */
export interface StoryCheck {
  value: unknown;
  diagnostics: Diagnostic[];
}

/**
 * validateStory, keeping the value it parsed, so a caller that wants the story
 * too (parseStory) need not parse the text a second time. Total, like validateStory.
 */
export function checkStory(input: unknown, options: ValidateOptions = {}): StoryCheck {
  try {
    const checked = validateUnsafe(input, options);
    return { value: checked.value, diagnostics: cap(checked.diagnostics) };
  } catch (cause) {
    // Reaching this is a bug in the validator, reported as data rather than thrown.
    return { value: undefined, diagnostics: [error('internal', '', `validator failed: ${cause instanceof Error ? cause.message : String(cause)}`)] };
  }
}

function validateUnsafe(input: unknown, options: ValidateOptions): StoryCheck {
  let value: unknown = input;
  let locate: (pointer: string) => SourceLocation | undefined = () => undefined;
  const found: Diagnostic[] = [];

  if (typeof input === 'string') {
    if (input.length > LIMITS.maxTextLength) {
      return { value: undefined, diagnostics: [error('too-large', '', `story text is ${input.length} characters; the limit is ${LIMITS.maxTextLength}`)] };
    }
    const parsed = parseJson(input.charCodeAt(0) === 0xfeff ? ' ' + input.slice(1) : input, { maxDepth: LIMITS.maxDepth, maxLocations: 50_000, maxValues: LIMITS.maxValues });
    if (!parsed.ok) {
      return { value: undefined, diagnostics: [{ ...error(parsed.code, '', parsed.message), line: parsed.location.line, column: parsed.location.column }] };
    }
    value = parsed.value;
    locate = parsed.locate;
    for (const path of parsed.duplicateKeys) {
      const isNode = /^\/nodes\/[^/]+$/.test(path);
      found.push(isNode
        ? error('duplicate-id', path, `node id '${path.slice('/nodes/'.length)}' is defined twice`)
        : error('schema', path, 'duplicate key: JSON keeps only the last one'));
    }
  } else {
    const shape = measure(input);
    if (shape) return { value: undefined, diagnostics: [shape] };
  }

  const schema = schemaChecker.check(value);
  // concat, not push(...): a spread of many thousands of diagnostics overflows the stack.
  let all = found.concat(schema);
  if (schema.length === 0) all = all.concat(checkSemantics(value as Story, options.media));
  return { value, diagnostics: all.map((d) => withLocation(d, locate)) };
}

/** Bounded walk of a non-text input: rejects cycles, depth and size the parser would have refused. */
function measure(input: unknown): Diagnostic | undefined {
  const stack: Array<{ value: unknown; depth: number }> = [{ value: input, depth: 0 }];
  let count = 0;
  while (stack.length > 0) {
    const { value, depth } = stack.pop()!;
    if (++count > LIMITS.maxValues) return error('too-large', '', `story has more than ${LIMITS.maxValues} values`);
    if (typeof value !== 'object' || value === null) continue;
    if (depth >= LIMITS.maxDepth) return error('too-deep', '', `nesting deeper than ${LIMITS.maxDepth} levels`);
    // Arrays count by length: Object.values skips the holes of a sparse array.
    if (Array.isArray(value) && count + value.length > LIMITS.maxValues) return error('too-large', '', `story has more than ${LIMITS.maxValues} values`);
    for (const v of Array.isArray(value) ? Array.from(value) : Object.values(value)) stack.push({ value: v, depth: depth + 1 });
  }
  return undefined;
}

/** Attaches line/column of the path, or of its nearest located ancestor. */
function withLocation(d: Diagnostic, locate: (pointer: string) => SourceLocation | undefined): Diagnostic {
  for (let p = d.path; ; p = p.slice(0, p.lastIndexOf('/'))) {
    const loc = locate(p);
    if (loc) return { ...d, line: loc.line, column: loc.column };
    if (p === '') return d;
  }
}

function cap(diagnostics: Diagnostic[]): Diagnostic[] {
  if (diagnostics.length <= LIMITS.maxDiagnostics) return diagnostics;
  return [
    ...diagnostics.slice(0, LIMITS.maxDiagnostics),
    warning('too-many-diagnostics', '', `${diagnostics.length - LIMITS.maxDiagnostics} more diagnostics not shown`),
  ];
}
