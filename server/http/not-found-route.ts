/** The catch-all: anything no module claimed is a JSON 404 (with CORS, so browsers can read it). */
import type { TemplatedApp } from '../uws.ts';
import type { ServerContext } from '../server-context.ts';
import { readHeaders } from './request-headers.ts';
import { errorBody } from './error-body.ts';
import { sendJson } from './send-response.ts';

/** Registers the 404 fallback; createServer adds it after every other module. */
export function registerNotFound(app: TemplatedApp, ctx: ServerContext): void {
  app.any('/*', (res, req) => {
    const h = readHeaders(req, ['origin', 'host']);
    const method = req.getMethod().toUpperCase();
    sendJson(res, 404, ctx.cors.responseHeaders(h.origin, h.host), errorBody('not-found', `no route for ${method} ${req.getUrl()}`), method === 'HEAD');
  });
}
