/**
 * The room socket's HTTP upgrade: the Origin check and the connection's
 * initial state. Refusals happen here, before any room work.
 *
 * Origin: a browser always sends it on a WebSocket handshake, and a page
 * from another site must not join rooms with a viewer's cookies-free token
 * either (a token in a URL leaks through Referer and history). So the same
 * allowlist as CORS applies (same origin, `--allow-origin`, loopback origins
 * on a loopback-bound server); others get 403. Clients that send no Origin
 * (native apps, bots, curl) are not browsers and stay allowed.
 */
import type { CorsPolicy } from '../http/cors-policy.ts';
import { statusLine } from '../http/status-line.ts';
import type { HttpRequest, HttpResponse, us_socket_context_t } from '../uws.ts';
import type { SocketData } from './socket-data.ts';

export interface UpgradeDeps {
  cors: CorsPolicy;
  now: () => number;
  /** Counts refused upgrades for /metrics. */
  refused?: (reason: 'origin') => void;
}

export function createUpgrade(deps: UpgradeDeps): (res: HttpResponse, req: HttpRequest, context: us_socket_context_t) => void {
  let connections = 0;
  return (res, req, context) => {
    // Copy everything out of req now: it is invalid after this handler returns.
    const origin = req.getHeader('origin');
    const host = req.getHeader('host');
    const query = new URLSearchParams(req.getQuery() ?? '');
    const key = req.getHeader('sec-websocket-key');
    const protocol = req.getHeader('sec-websocket-protocol');
    const extensions = req.getHeader('sec-websocket-extensions');
    if (origin !== '' && !deps.cors.allows(origin, host === '' ? undefined : host)) {
      deps.refused?.('origin');
      res.writeStatus(statusLine(403));
      res.writeHeader('Content-Type', 'text/plain; charset=utf-8');
      res.end('origin not allowed\n', true);
      return;
    }
    const since = Number(query.get('since'));
    const data: SocketData = {
      conn: `c-${++connections}`,
      token: query.get('token') ?? undefined,
      since: query.has('since') && Number.isSafeInteger(since) && since >= 0 ? since : undefined,
      actor: undefined,
      room: undefined,
      open: true,
      joining: false,
      invalidFrames: 0,
      bucket: undefined,
      route: undefined,
      helloTimer: undefined,
      lastHeard: deps.now(),
    };
    res.upgrade(data, key, protocol, extensions, context);
  };
}
