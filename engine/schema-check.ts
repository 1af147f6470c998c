import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import schema from './story.schema.json' with { type: 'json' };
import { error, type Diagnostic } from './diagnostic.ts';
import { escapeToken } from './json-pointer.ts';

/**
 * Structural validation against `story.schema.json`, so editors (through
 * `"$schema"`) and the engine enforce one contract. ajv is the best-kept
 * 2020-12 validator; compiling once is cheap and validation is linear.
 */
export class SchemaChecker {
  private validate: ValidateFunction | undefined;

  check(value: unknown): Diagnostic[] {
    this.validate ??= new Ajv2020({ allErrors: true, strict: true, strictRequired: false, allowUnionTypes: true }).compile(schema);
    if (this.validate(value)) return [];
    return shapeErrors(this.validate.errors ?? []).map((e) => error('schema', e.path, e.message));
  }
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
      push({ path: root, message: anyOfMessage(root) });
    } else {
      for (const e of group) if (depth(e.instancePath) === deepest) push(describe(e));
    }
  }
  return out;
}

function isWithin(path: string, root: string): boolean {
  return path === root || path.startsWith(root + '/');
}

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
