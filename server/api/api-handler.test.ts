/** mountApi's glue on a fake uWS: header order, body collection, abort, 413/499/500, in-flight accounting. */
import { describe, expect, it } from 'vitest';
import { createCorsPolicy } from '../http/cors-policy.ts';
import { InFlightRequests } from '../http/in-flight-requests.ts';
import type { ServerContext } from '../server-context.ts';
import type { HttpRequest, HttpResponse, TemplatedApp } from '../uws.ts';
import { mountApi, type ApiHandler } from './api-handler.ts';

type Op = [string, ...unknown[]];

class FakeResponse {
  ops: Op[] = [];
  inFlightAtEnd: number | undefined;
  aborted: (() => void) | undefined;
  data: ((chunk: ArrayBuffer, isLast: boolean) => void) | undefined;
  corked = false;
  constructor(private readonly inFlight: InFlightRequests) {}
  onAborted(handler: () => void) {
    this.aborted = handler;
    return this;
  }
  onData(handler: (chunk: ArrayBuffer, isLast: boolean) => void) {
    this.data = handler;
    return this;
  }
  cork(write: () => void) {
    this.corked = true;
    write();
    this.corked = false;
    return this;
  }
  writeStatus(line: string) {
    this.ops.push(['status', line, this.corked]);
    return this;
  }
  writeHeader(name: string, value: string) {
    this.ops.push(['header', name, value]);
    return this;
  }
  end(body: string | Uint8Array) {
    this.inFlightAtEnd = this.inFlight.size;
    this.ops.push(['end', typeof body === 'string' ? body : Buffer.from(body).toString()]);
    return this;
  }
  endWithoutBody() {
    this.inFlightAtEnd = this.inFlight.size;
    this.ops.push(['endWithoutBody']);
    return this;
  }
}

function mount(handler: ApiHandler, options: { method?: 'get' | 'post'; maxBody?: number; pattern?: string } = {}) {
  const inFlight = new InFlightRequests();
  const reports: unknown[][] = [];
  const ctx = {
    cors: createCorsPolicy({ allowOrigins: ['https://app.example'], allowLoopbackOrigins: false }),
    inFlight,
    contained: { report: (...args: unknown[]) => reports.push(args) },
  } as unknown as ServerContext;
  let route: ((res: HttpResponse, req: HttpRequest) => void) | undefined;
  const method = options.method ?? 'post';
  const app = { [method]: (_pattern: string, h: typeof route) => (route = h) } as unknown as TemplatedApp;
  mountApi(app, ctx, method, options.pattern ?? '/api/x/:id', 1, handler, { maxBody: options.maxBody ?? 64 });
  const request = (param = 'r1', headers: Record<string, string> = {}) => {
    const res = new FakeResponse(inFlight);
    const req = { getHeader: (n: string) => headers[n] ?? '', getParameter: () => param, getMethod: () => method, getUrl: () => `/api/x/${param}`, getQuery: () => '' };
    route?.(res as unknown as HttpResponse, req as unknown as HttpRequest);
    return res;
  };
  return { request, inFlight, reports };
}

const bytes = (text: string): ArrayBuffer => new TextEncoder().encode(text).buffer as ArrayBuffer;
const settle = () => new Promise((resolve) => setImmediate(resolve));
const headers = (res: FakeResponse) => res.ops.filter((op) => op[0] === 'header').map((op) => [op[1], op[2]]);

describe('mountApi', () => {
  it('answers JSON with no-store, the handler headers, CORS and Content-Type in that order, and ends in-flight after the write', async () => {
    let seen: Buffer | undefined;
    const { request, inFlight } = mount(async (req) => {
      seen = req.body;
      return { status: 201, headers: [['Location', '/x']], body: { ok: true } };
    });
    const res = request('r1', { origin: 'https://app.example' });
    expect(inFlight.size).toBe(1);
    res.data?.(bytes('{"a":'), false);
    res.data?.(bytes('1}'), true);
    await settle();
    expect(seen?.toString()).toBe('{"a":1}');
    expect(res.ops[0]).toEqual(['status', '201 Created', true]);
    expect(headers(res)).toEqual([
      ['Cache-Control', 'no-store'],
      ['Location', '/x'],
      ['Vary', 'Origin'],
      ['Access-Control-Allow-Origin', 'https://app.example'],
      ['Access-Control-Expose-Headers', expect.any(String)],
      ['Content-Type', 'application/json; charset=utf-8'],
    ]);
    expect(res.ops.at(-1)).toEqual(['end', '{"ok":true}']);
    expect(res.inFlightAtEnd).toBe(1);
    expect(inFlight.size).toBe(0);
  });

  it("keeps the handler's own Cache-Control, in any case, and writes raw bytes, empty bodies and 304s", async () => {
    const answers = [
      { status: 200, headers: [['cache-CONTROL', 'max-age=60']] as Array<[string, string]>, contentType: 'image/jpeg', body: new Uint8Array([65, 66]) },
      { status: 204 },
      { status: 304, headers: [['ETag', '"v1"']] as Array<[string, string]>, body: { ignored: true } },
    ];
    const { request } = mount(() => answers.shift() ?? { status: 500 });
    const raw = request();
    raw.data?.(bytes(''), true);
    await settle();
    expect(headers(raw)).toEqual([['cache-CONTROL', 'max-age=60'], ['Vary', 'Origin'], ['Content-Type', 'image/jpeg']]);
    expect(raw.ops.at(-1)).toEqual(['end', 'AB']);
    const empty = request();
    empty.data?.(bytes(''), true);
    await settle();
    expect(empty.ops).toEqual([['status', '204 No Content', true], ['header', 'Cache-Control', 'no-store'], ['header', 'Vary', 'Origin'], ['end', '']]);
    const notModified = request();
    notModified.data?.(bytes(''), true);
    await settle();
    expect(notModified.ops).toEqual([['status', '304 Not Modified', true], ['header', 'Cache-Control', 'no-store'], ['header', 'ETag', '"v1"'], ['header', 'Vary', 'Origin'], ['endWithoutBody']]);
  });

  it('copies each chunk: uWS reuses its memory after the callback', async () => {
    let seen = '';
    const { request } = mount(async (req) => {
      await settle();
      seen = req.body.toString();
      return { status: 204 };
    });
    for (const parts of [['abc'], ['ab', 'c']]) {
      const res = request();
      parts.forEach((part, i) => {
        const chunk = new Uint8Array(bytes(part));
        res.data?.(chunk.buffer as ArrayBuffer, i === parts.length - 1);
        chunk.fill(0);
      });
      await settle();
      await settle();
      expect(seen).toBe('abc');
    }
  });

  it('answers 413 after onData returns, ignores the rest of the body, and never calls the handler', async () => {
    let calls = 0;
    const { request, inFlight } = mount(() => ((calls += 1), { status: 204 }), { maxBody: 4 });
    const res = request();
    res.data?.(bytes('abc'), false);
    res.data?.(bytes('de'), false);
    expect(res.ops).toEqual([]);
    res.data?.(bytes('f'), true);
    await settle();
    expect(res.ops[0]).toEqual(['status', '413 Payload Too Large', true]);
    expect(res.ops.at(-1)).toEqual(['end', JSON.stringify({ error: { code: 'too-large', message: 'body over 4 bytes' } })]);
    expect(calls).toBe(0);
    expect(inFlight.size).toBe(0);
  });

  it('writes nothing after an abort, mid-body or while the handler works, and ends in-flight once', async () => {
    let release: () => void = () => undefined;
    const { request, inFlight, reports } = mount(() => new Promise((resolve) => (release = () => resolve({ status: 200, body: {} }))));
    const midBody = request();
    midBody.data?.(bytes('ab'), false);
    midBody.aborted?.();
    midBody.data?.(bytes('c'), true);
    await settle();
    expect(inFlight.size).toBe(0);
    const working = request();
    working.data?.(bytes('{}'), true);
    await settle();
    working.aborted?.();
    expect(inFlight.size).toBe(1);
    release();
    await settle();
    expect(inFlight.size).toBe(0);
    expect([...midBody.ops, ...working.ops]).toEqual([]);
    expect(reports).toEqual([]);
  });

  it('answers 500 for a throwing or rejecting handler and reports it with the route', async () => {
    const { request, reports } = mount((req) => {
      if (req.params[0] === 'sync') throw new Error('sync bug');
      return Promise.reject(new Error('async bug'));
    });
    for (const param of ['sync', 'async']) {
      const res = request(param);
      res.data?.(bytes(''), true);
      await settle();
      expect(res.ops[0]).toEqual(['status', '500 Internal Server Error', true]);
      expect(res.ops.at(-1)).toEqual(['end', JSON.stringify({ error: { code: 'internal', message: 'internal error' } })]);
    }
    expect(reports.map((r) => [r[0], (r[1] as Error).message, r[2]])).toEqual([
      ['http', 'sync bug', { route: 'POST /api/x/sync' }],
      ['http', 'async bug', { route: 'POST /api/x/async' }],
    ]);
  });

  it('answers a broken percent-encoding 400 once the body is read, without the handler', async () => {
    let calls = 0;
    const { request } = mount(() => ((calls += 1), { status: 204 }));
    const res = request('%E0%A4%A');
    expect(res.ops).toEqual([]);
    res.data?.(bytes('{}'), true);
    await settle();
    expect(res.ops[0]).toEqual(['status', '400 Bad Request', true]);
    expect(calls).toBe(0);
  });

  it('reads no body for GET: the handler gets an empty one', async () => {
    let seen: Buffer | undefined;
    const { request, inFlight } = mount((req) => ((seen = req.body), { status: 200, body: [] }), { method: 'get' });
    const res = request();
    await settle();
    expect(res.data).toBeUndefined();
    expect(seen?.length).toBe(0);
    expect(res.ops.at(-1)).toEqual(['end', '[]']);
    expect(inFlight.size).toBe(0);
  });
});
