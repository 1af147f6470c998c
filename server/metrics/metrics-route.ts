/** GET /metrics: the registry in Prometheus text exposition format 0.0.4, with the process's memory. */
import { readHeaders } from '../http/request-headers.ts';
import { sendResponse } from '../http/send-response.ts';
import type { ServerContext } from '../server-context.ts';
import type { TemplatedApp } from '../uws.ts';
import { PROMETHEUS_CONTENT_TYPE } from './exposition-format.ts';
import { registerProcessMetrics } from './process-metrics.ts';

export function registerMetricsRoute(app: TemplatedApp, ctx: ServerContext): void {
  registerProcessMetrics(ctx.metrics);
  app.get('/metrics', (res, req) => {
    const h = readHeaders(req, ['origin', 'host']);
    sendResponse(res, 200, [['Content-Type', PROMETHEUS_CONTENT_TYPE], ['Cache-Control', 'no-store'], ...ctx.cors.responseHeaders(h.origin, h.host)], ctx.metrics.render());
  });
}
