/**
 * GET / (pick a story, create a room), /watch/:room (viewer), /host/:room
 * (host console), /play/:story (one viewer, solo), /studio (authors), and the
 * bundles /player/app.js and /player/studio.js.
 *
 * The viewer's bundle is loaded when the server starts (the studio's on first use), without holding up startup:
 * read from dist/ (compiled) or bundled by esbuild in its own process (from
 * source); a request that arrives first waits for it.
 */
import type { TemplatedApp, HttpResponse } from '../uws.ts';
import type { ServerContext } from '../server-context.ts';
import { watchAbort } from '../http/abort-watch.ts';
import { readHeaders } from '../http/request-headers.ts';
import { endWithoutBody, sendResponse, writeHead, type HeaderList } from '../http/send-response.ts';
import { loadPlayerBundle, type BundleName, type PlayerBundle } from './player-bundle.ts';
import { pageHtml, type PlayerPage } from './player-pages.ts';

// Pages never cache (they are tiny); the bundle revalidates by ETag.
const PAGE_HEADERS: HeaderList = [
  ['Content-Type', 'text/html; charset=utf-8'],
  ['Cache-Control', 'no-store'],
  ['X-Content-Type-Options', 'nosniff'],
  ['Referrer-Policy', 'no-referrer'],
  ['Content-Security-Policy', "default-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; media-src 'self' blob:; connect-src 'self' ws: wss:; frame-ancestors 'none'"],
];

export function registerPlayer(app: TemplatedApp, ctx: ServerContext): void {
  const page = (name: PlayerPage) => (res: HttpResponse) => sendResponse(res, 200, PAGE_HEADERS, pageHtml(name));
  app.get('/', page('home'));
  app.get('/watch/:room', page('watch'));
  app.get('/host/:room', page('host'));
  app.get('/play/:story', page('play'));
  app.get('/studio', page('studio'));
  serveBundle(app, ctx, 'app', true);
  serveBundle(app, ctx, 'studio', false);
}

/** GET /player/NAME.js, loaded once (at start when `eager`, else on the first request); a request that arrives first waits for it. */
function serveBundle(app: TemplatedApp, ctx: ServerContext, name: BundleName, eager: boolean): void {
  let bundle: PlayerBundle | Error | undefined;
  const label = name === 'app' ? 'player bundle' : `${name} bundle`;
  let loading: Promise<PlayerBundle | Error> | undefined;
  const load = (): Promise<PlayerBundle | Error> => (loading ??= loadPlayerBundle(undefined, name).then(
    (b) => {
      ctx.log.info({ ms: b.loadMs, kib: Math.round(b.js.byteLength / 1024) }, `${label} ${b.source === 'dist' ? 'read from dist/' : 'built'} in ${b.loadMs} ms (${Math.round(b.js.byteLength / 1024)} KiB)`);
      return (bundle = b);
    },
    (error: unknown) => {
      // The API and media still work without the player: say why, do not die.
      bundle = error instanceof Error ? error : new Error(String(error));
      ctx.log.error(`${label} unavailable: ${bundle.message}`);
      return bundle;
    },
  ));
  // The viewer's bundle loads at start (most servers serve it); the studio's on first use,
  // so a server run from source does not bundle the authoring code at every start.
  if (eager) void load();
  app.get(`/player/${name}.js`, (res, req) => {
    const etag = readHeaders(req, ['if-none-match'])['if-none-match']; // copy out of req before any await
    if (bundle) return sendBundle(res, bundle, etag);
    const abort = watchAbort(res);
    const done = ctx.inFlight.begin();
    void load().then((b) => {
      done();
      if (!abort.aborted) res.cork(() => sendBundle(res, b, etag)); // a delayed write must be corked
    });
  });
}

function sendBundle(res: HttpResponse, bundle: PlayerBundle | Error, ifNoneMatch: string | undefined): void {
  if (bundle instanceof Error) return sendResponse(res, 503, [['Content-Type', 'text/plain; charset=utf-8'], ['Cache-Control', 'no-store']], `player bundle unavailable: ${bundle.message}\n`);
  const headers: HeaderList = [['ETag', bundle.etag], ['Cache-Control', 'no-cache'], ['X-Content-Type-Options', 'nosniff']];
  if (ifNoneMatch === bundle.etag) {
    writeHead(res, 304, headers);
    endWithoutBody(res);
    return;
  }
  sendResponse(res, 200, [['Content-Type', 'text/javascript; charset=utf-8'], ...headers], bundle.js);
}
