/**
 * Checks HTTP exchanges against an OpenAPI 3.1 document: the request a test
 * sends (path, query and header parameters, credentials, body) and the answer
 * it got (status, headers, content type, body), with Ajv's JSON Schema 2020-12
 * validator, the dialect OpenAPI 3.1 schemas are written in. Ajv is already a
 * dependency (the engine's story schema) and validates schemas in place by
 * JSON Pointer, so `$ref`s inside the document resolve as written.
 *
 * It also keeps score: which operations were answered with a success and with
 * an error, so a test can demand that every operation was driven.
 */
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';

type Json = Record<string, unknown>;

/** One operation of the document: where it is, and its (path-level merged) parameters. */
export interface Operation {
  id: string;
  method: string;
  path: string;
  /** JSON Pointer to the operation object. */
  pointer: string;
  parameters: Array<{ pointer: string; name: string; in: string; required: boolean }>;
  /** Whether it may be called with no credential (its security lists `{}`, or it has none). */
  anonymous: boolean;
  /** Status codes the document gives it. */
  statuses: string[];
}

/** A request as sent. `body` is the raw bytes (JSON is checked by parsing them). */
export interface SentRequest {
  path: Record<string, string>;
  query: URLSearchParams;
  headers: Record<string, string>;
  body?: Uint8Array | undefined;
}

/** A response as received. */
export interface ReceivedResponse {
  status: number;
  headers: Headers;
  body: Uint8Array;
  /** HEAD answers carry headers only. */
  head: boolean;
}

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];
const escape = (segment: string): string => encodeURIComponent(segment.replace(/~/g, '~0').replace(/\//g, '~1'));
/** A JSON media type (application/json, application/problem+json; not x-ndjson, which is lines of JSON). */
const isJson = (type: string): boolean => type === 'application/json' || type.endsWith('+json');
const mediaType = (contentType: string | null | undefined): string => (contentType ?? '').split(';')[0]?.trim().toLowerCase() ?? '';

export class OpenApiContract {
  private readonly ajv = new Ajv2020({ strict: false, allErrors: true, validateFormats: false });
  private readonly compiled = new Map<string, ValidateFunction>();
  /** operationId → statuses seen. */
  readonly seen = new Map<string, Set<number>>();
  readonly operations: Operation[] = [];

  constructor(private readonly doc: Json) {
    this.ajv.addSchema(doc, 'openapi');
    const paths = (doc.paths ?? {}) as Record<string, Json>;
    for (const [path, item] of Object.entries(paths)) {
      for (const method of METHODS) {
        const op = item[method] as Json | undefined;
        if (!op) continue;
        const pointer = `/paths/${escape(path)}/${method}`;
        const byKey = new Map<string, Operation['parameters'][number]>();
        const add = (list: unknown, base: string): void => {
          (Array.isArray(list) ? list : []).forEach((_, i) => {
            const at = this.resolve(`${base}/parameters/${i}`);
            const p = this.at(at) as { name: string; in: string; required?: boolean };
            byKey.set(`${p.in}:${p.name.toLowerCase()}`, { pointer: at, name: p.name, in: p.in, required: p.required === true });
          });
        };
        add(item.parameters, `/paths/${escape(path)}`);
        add(op.parameters, pointer);
        const security = (op.security ?? doc.security ?? []) as Json[];
        this.operations.push({
          id: String(op.operationId),
          method,
          path,
          pointer,
          parameters: [...byKey.values()],
          anonymous: security.length === 0 || security.some((alternative) => Object.keys(alternative).length === 0),
          statuses: Object.keys((op.responses ?? {}) as Json),
        });
      }
    }
  }

  operation(id: string): Operation {
    const op = this.operations.find((o) => o.id === id);
    if (!op) throw new Error(`the document has no operation '${id}'`);
    return op;
  }

  /** What is wrong with `request` for operation `id`, by the document; [] when nothing. */
  requestProblems(id: string, request: SentRequest): string[] {
    const op = this.operation(id);
    const problems: string[] = [];
    const headers = new Map(Object.entries(request.headers).map(([k, v]) => [k.toLowerCase(), v]));
    for (const name of op.path.match(/\{[^}]+\}/g) ?? []) {
      const bare = name.slice(1, -1);
      if (!op.parameters.some((p) => p.in === 'path' && p.name === bare)) problems.push(`path parameter ${bare} is not described`);
    }
    const documentedQuery = new Set(op.parameters.filter((p) => p.in === 'query').map((p) => p.name));
    for (const name of request.query.keys()) if (!documentedQuery.has(name)) problems.push(`query parameter ${name} is not described`);
    for (const p of op.parameters) {
      const value = p.in === 'path' ? request.path[p.name] : p.in === 'query' ? (request.query.get(p.name) ?? undefined) : p.in === 'header' ? headers.get(p.name.toLowerCase()) : undefined;
      if (value === undefined) {
        if (p.required) problems.push(`${p.in} parameter ${p.name} is required`);
        continue;
      }
      problems.push(...this.schemaProblems(`${p.pointer}/schema`, value, `${p.in} parameter ${p.name}`));
    }
    if (!op.anonymous && !headers.has('authorization')) problems.push('a credential is required (security)');
    const body = this.at(`${op.pointer}/requestBody`) === undefined ? undefined : this.resolve(`${op.pointer}/requestBody`);
    const sent = request.body !== undefined && request.body.byteLength > 0;
    if (body === undefined) {
      if (sent) problems.push('a body was sent, and the operation takes none');
      return problems;
    }
    const spec = this.at(body) as { required?: boolean; content?: Json };
    if (!sent) {
      if (spec.required === true) problems.push('the request body is required');
      return problems;
    }
    const type = mediaType(headers.get('content-type'));
    if (!Object.hasOwn(spec.content ?? {}, type)) return [...problems, `request content type '${type}' is not described`];
    if (isJson(type)) problems.push(...this.jsonProblems(`${body}/content/${escape(type)}/schema`, request.body, 'request body'));
    return problems;
  }

  /** What is wrong with `response` to operation `id`, by the document; [] when nothing. Counts it as seen. */
  responseProblems(id: string, response: ReceivedResponse): string[] {
    const op = this.operation(id);
    const status = String(response.status);
    const seen = this.seen.get(id) ?? new Set<number>();
    seen.add(response.status);
    this.seen.set(id, seen);
    if (!op.statuses.includes(status)) return [`status ${status} is not described (described: ${op.statuses.join(', ')})`];
    const pointer = this.resolve(`${op.pointer}/responses/${status}`);
    const spec = this.at(pointer) as { headers?: Json; content?: Json };
    const problems: string[] = [];
    for (const name of Object.keys(spec.headers ?? {})) {
      const at = this.resolve(`${pointer}/headers/${escape(name)}`);
      const header = this.at(at) as { required?: boolean };
      const value = response.headers.get(name);
      if (value === null) {
        if (header.required === true) problems.push(`response header ${name} is missing`);
      } else {
        problems.push(...this.schemaProblems(`${at}/schema`, value, `response header ${name}`));
      }
    }
    const content = Object.keys(spec.content ?? {});
    const type = mediaType(response.headers.get('content-type'));
    if (content.length === 0) {
      if (response.body.byteLength > 0) problems.push(`a ${response.body.byteLength}-byte body (${type}) where the document describes none`);
      return problems;
    }
    const key = content.find((c) => c === type) ?? content.find((c) => c === '*/*' || (c.endsWith('/*') && type.startsWith(c.slice(0, -1))));
    if (key === undefined) return [...problems, `response content type '${type}' is not among ${content.join(', ')}`];
    if (response.head) return problems;
    const schema = `${pointer}/content/${escape(key)}/schema`;
    if (isJson(type)) problems.push(...this.jsonProblems(schema, response.body, 'response body'));
    else if (type.startsWith('text/')) problems.push(...this.schemaProblems(schema, Buffer.from(response.body).toString('utf8'), 'response body'));
    return problems;
  }

  /** Operations never answered with a success (2xx, 101 or 304), or, where the document lists 4xx answers, never with one. */
  undriven(): string[] {
    const missing: string[] = [];
    for (const op of this.operations) {
      const seen = [...(this.seen.get(op.id) ?? [])];
      if (!seen.some((s) => (s >= 200 && s < 300) || s === 101 || s === 304)) missing.push(`${op.id}: no success`);
      if (op.statuses.some((s) => s.startsWith('4')) && !seen.some((s) => s >= 400 && s < 500)) missing.push(`${op.id}: no error case`);
    }
    return missing;
  }

  private jsonProblems(schema: string, bytes: Uint8Array | undefined, what: string): string[] {
    let value: unknown;
    try {
      value = JSON.parse(Buffer.from(bytes ?? []).toString('utf8'));
    } catch {
      return [`${what} is not JSON`];
    }
    return this.schemaProblems(schema, value, what);
  }

  private schemaProblems(pointer: string, value: unknown, what: string): string[] {
    if (this.at(pointer) === undefined) return [];
    let validate = this.compiled.get(pointer);
    if (!validate) {
      validate = this.ajv.compile({ $ref: `openapi#${pointer}` });
      this.compiled.set(pointer, validate);
    }
    if (validate(value)) return [];
    return (validate.errors ?? []).map((e) => `${what}${e.instancePath} ${e.message ?? 'is invalid'}`);
  }

  /** The value at a JSON Pointer (escaped as this class writes them). */
  private at(pointer: string): unknown {
    let node: unknown = this.doc;
    for (const raw of pointer.split('/').slice(1)) {
      const key = decodeURIComponent(raw).replace(/~1/g, '/').replace(/~0/g, '~');
      if (typeof node !== 'object' || node === null) return undefined;
      node = (node as Json)[key];
    }
    return node;
  }

  /** `pointer`, or where its `$ref` (within the document) leads. */
  private resolve(pointer: string): string {
    const value = this.at(pointer) as { $ref?: unknown } | undefined;
    if (typeof value?.$ref !== 'string') return pointer;
    if (!value.$ref.startsWith('#/')) throw new Error(`only local $refs are supported: ${value.$ref}`);
    const target = value.$ref.slice(1).split('/').map((s, i) => (i === 0 ? s : encodeURIComponent(s))).join('/');
    return this.resolve(target);
  }
}
