import type { ErrorObject } from 'ajv';
import { error, type Diagnostic } from './diagnostic.ts';
import { escapeToken } from './json-pointer.ts';
import { MAX_ITEMS, MAX_NODES } from './schema/schema-limits.ts';
import { idPattern, node, top } from './schema/story-schema-validator.generated.js';

/** Stop collecting schema diagnostics past this many (one over validate's cap, so it reports the overflow). */
const MAX_SCHEMA_DIAGNOSTICS = 1001;
const ID_PATTERN = new RegExp(idPattern);

/**
 * Structural validation against `story.schema.json`, so editors (through
 * `"$schema"`) and the engine enforce one contract. ajv is the best-kept
 * 2020-12 validator; its compiler runs ahead of time (`npm run gen:schema`,
 * scripts/schema-validator-source.ts), so the engine runs ajv's generated
 * code, the same in Node and in a page whose CSP forbids eval, and carries
 * no compiler.
 *
 * Hazard: with allErrors, ajv merges each array item's errors into a growing
 * list, so errors cost O(items x errors). Oversized arrays and objects are
 * therefore refused before ajv runs, and nodes are validated one by one with
 * a cap on the total, which keeps every input linear.
 */
export class SchemaChecker {
  check(value: unknown): Diagnostic[] {
    const oversized = findOversized(value);
    if (oversized.length > 0) return oversized;
    const out: Diagnostic[] = [];
    if (!top(value)) out.push(...shape(top.errors ?? [], ''));
    const nodes = (value as { nodes?: unknown } | null)?.nodes;
    if (typeof nodes !== 'object' || nodes === null || Array.isArray(nodes)) return out;
    for (const [id, n] of Object.entries(nodes)) {
      if (out.length >= MAX_SCHEMA_DIAGNOSTICS) break;
      const path = '/nodes/' + escapeToken(id);
      if (!ID_PATTERN.test(id)) out.push(error('schema', path, `invalid name '${id}': use 1-64 letters, digits, '_' or '-'`));
      if (!node(n)) for (const d of shape(node.errors ?? [], path)) out.push(d);
    }
    return out.slice(0, MAX_SCHEMA_DIAGNOSTICS);
  }
}

function shape(errors: ErrorObject[], prefix: string): Diagnostic[] {
  const prefixed = prefix === '' ? errors : errors.map((e) => ({ ...e, instancePath: prefix + e.instancePath }));
  return shapeErrors(prefixed).map((e) => error('schema', e.path, e.message));
}

/** Arrays and objects larger than any the schema allows, found with a bounded iterative walk. */
function findOversized(value: unknown): Diagnostic[] {
  const out: Diagnostic[] = [];
  const stack: Array<{ value: unknown; path: string }> = [{ value, path: '' }];
  while (stack.length > 0 && out.length < 100) {
    const { value: v, path } = stack.pop()!;
    if (typeof v !== 'object' || v === null) continue;
    if (Array.isArray(v)) {
      if (v.length > MAX_ITEMS) out.push(error('schema', path, `too many items: ${v.length} (at most ${MAX_ITEMS})`));
      else for (let i = 0; i < v.length; i++) stack.push({ value: v[i], path: `${path}/${i}` });
      continue;
    }
    const keys = Object.keys(v);
    const limit = path === '/nodes' ? MAX_NODES : MAX_ITEMS;
    if (keys.length > limit) out.push(error('schema', path, `too many properties: ${keys.length} (at most ${limit})`));
    else for (const k of keys) stack.push({ value: (v as Record<string, unknown>)[k], path: `${path}/${escapeToken(k)}` });
  }
  return out;
}

interface Shaped {
  path: string;
  message: string;
}

/**
 * ajv reports every failed branch of an `anyOf` and every `if/then` wrapper,
 * which buries the one useful message. Keep, for each failed `anyOf`, only the
 * errors that reached deepest into the value (the branch the author meant),
 * and drop `if` wrappers whose `then` errors are already present.
 */
function shapeErrors(errors: ErrorObject[]): Shaped[] {
  const anyOfPaths = errors.filter((e) => e.keyword === 'anyOf').map((e) => e.instancePath);
  // Outermost anyOf paths own everything beneath them.
  const roots = anyOfPaths.filter((p) => !anyOfPaths.some((q) => q !== p && isWithin(p, q)));
  const out: Shaped[] = [];
  const seen = new Set<string>();
  const push = (s: Shaped): void => {
    const key = s.path + '\u0000' + s.message;
    if (!seen.has(key)) {
      seen.add(key);
      out.push(s);
    }
  };
  for (const e of errors) {
    if (e.keyword === 'if') continue;
    if (roots.some((root) => isWithin(e.instancePath, root))) continue;
    push(describe(e));
  }
  for (const root of roots) {
    const group = errors.filter((e) => isWithin(e.instancePath, root) && e.keyword !== 'anyOf' && e.keyword !== 'if');
    const depth = (p: string) => (p === '' ? 0 : p.split('/').length);
    const deepest = Math.max(depth(root), ...group.map((e) => depth(e.instancePath)));
    if (deepest === depth(root)) {
      push({ path: root, message: group.some((e) => e.schemaPath.startsWith('#/$defs/text/')) ? TEXT_MESSAGE : anyOfMessage(root) });
    } else {
      for (const e of group) if (depth(e.instancePath) === deepest) push(describe(e));
    }
  }
  return out;
}

function isWithin(path: string, root: string): boolean {
  return path === root || path.startsWith(root + '/');
}

/** A story text (title, label, prompt…) that is neither a string nor a language map. */
const TEXT_MESSAGE = 'must be a non-empty string within the length limit, or texts by language like {"en": "…", "fr": "…"} (1-32 BCP 47 tags)';

function anyOfMessage(path: string): string {
  if (/\/loop$/.test(path)) return 'must be true, false or {"from": seconds}';
  if (/^\/nodes\/[^/]+\/next$/.test(path)) return 'must be a node id or an array of {"to": id, "if": condition} routes';
  if (/\/in\/1$/.test(path)) return 'must be an array of literals, a string, or {"var": name}';
  return 'is not a valid condition: use a literal, {"var": name}, or one operator object (==, !=, <, <=, >, >=, and, or, not, in)';
}

function describe(e: ErrorObject): Shaped {
  const p = e.params as Record<string, unknown>;
  switch (e.keyword) {
    case 'required':
      return { path: e.instancePath, message: `missing required property '${String(p.missingProperty)}'` };
    case 'additionalProperties':
      return {
        path: e.instancePath + '/' + escapeToken(String(p.additionalProperty)),
        message: `unknown property '${String(p.additionalProperty)}'`,
      };
    case 'propertyNames':
      return { path: e.instancePath + '/' + escapeToken(String(p.propertyName)), message: `invalid name '${String(p.propertyName)}': use 1-64 letters, digits, '_' or '-'` };
    case 'pattern':
      return { path: e.instancePath, message: /https/.test(String(p.pattern)) ? 'must be an https:// URL' : /A-Za-z0-9_-/.test(String(p.pattern)) ? 'must be 1-64 letters, digits, \'_\' or \'-\'' : `${e.message ?? 'does not match'}` };
    case 'not':
      if (e.schemaPath.includes('dependentSchemas')) {
        return { path: e.instancePath, message: 'a node is left by exactly one of choice, next or ending; it has more than one' };
      }
      return { path: e.instancePath, message: e.message ?? 'is not allowed' };
    case 'const':
      return { path: e.instancePath, message: `must be ${JSON.stringify(p.allowedValue)}` };
    case 'enum':
      return { path: e.instancePath, message: `must be one of ${(p.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}` };
    default:
      return { path: e.instancePath, message: e.message ?? `fails '${e.keyword}'` };
  }
}
