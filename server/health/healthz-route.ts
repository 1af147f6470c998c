/** GET/HEAD /healthz: liveness for load balancers and tests. */
import type { TemplatedApp } from '../uws.ts';
import type { ServerContext } from '../server-context.ts';
import { readHeaders } from '../http/request-headers.ts';
import { endWithoutBody, sendJson, writeHead } from '../http/send-response.ts';

/** The /healthz body. */
export interface HealthReport {
  ok: true;
  version: string;
  uptimeSeconds: number;
}

export function registerHealthz(app: TemplatedApp, ctx: ServerContext): void {
  const noStore = [['Cache-Control', 'no-store']] as const;
  app.get('/healthz', (res, req) => {
    const h = readHeaders(req, ['origin', 'host']);
    const report: HealthReport = { ok: true, version: ctx.version, uptimeSeconds: Math.round((ctx.now() - ctx.startedAtMs) / 1000) };
    sendJson(res, 200, [...noStore, ...ctx.cors.responseHeaders(h.origin, h.host)], report);
  });
  app.head('/healthz', (res, req) => {
    const h = readHeaders(req, ['origin', 'host']);
    writeHead(res, 200, noStore, ctx.cors.responseHeaders(h.origin, h.host), [['Content-Type', 'application/json; charset=utf-8']]);
    endWithoutBody(res);
  });
}
