/**
 * GET / (pick a story, create a room), /watch/:room (viewer), /host/:room
 * (host console) and /player/app.js (the bundle, built at startup).
 */
import type { TemplatedApp, HttpResponse } from '../uws.ts';
import type { ServerContext } from '../server-context.ts';
import { readHeaders } from '../http/request-headers.ts';
import { endWithoutBody, sendResponse, writeHead, type HeaderList } from '../http/send-response.ts';
import { buildPlayerBundle, type PlayerBundle } from './player-bundle.ts';
import { pageHtml, type PlayerPage } from './player-pages.ts';

// Pages never cache (they are tiny); the bundle revalidates by ETag.
const PAGE_HEADERS: HeaderList = [
  ['Content-Type', 'text/html; charset=utf-8'],
  ['Cache-Control', 'no-store'],
  ['X-Content-Type-Options', 'nosniff'],
  ['Referrer-Policy', 'no-referrer'],
  ['Content-Security-Policy', "default-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; media-src 'self' blob:; connect-src 'self' ws: wss:; frame-ancestors 'none'"],
];

export async function registerPlayer(app: TemplatedApp, ctx: ServerContext): Promise<void> {
  let bundle: PlayerBundle | Error;
  try {
    bundle = await buildPlayerBundle();
    ctx.log(`player bundle built in ${bundle.buildMs} ms (${Math.round(bundle.js.byteLength / 1024)} KiB)`);
  } catch (error) {
    // The API and media still work without the player: say why, do not die.
    bundle = error instanceof Error ? error : new Error(String(error));
    ctx.log(`player bundle unavailable: ${bundle.message}`);
  }

  const page = (name: PlayerPage) => (res: HttpResponse) => sendResponse(res, 200, PAGE_HEADERS, pageHtml(name));
  app.get('/', page('home'));
  app.get('/watch/:room', page('watch'));
  app.get('/host/:room', page('host'));
  app.get('/player/app.js', (res, req) => {
    const h = readHeaders(req, ['if-none-match']);
    if (bundle instanceof Error) return sendResponse(res, 503, [['Content-Type', 'text/plain; charset=utf-8'], ['Cache-Control', 'no-store']], `player bundle unavailable: ${bundle.message}\n`);
    const headers: HeaderList = [['ETag', bundle.etag], ['Cache-Control', 'no-cache'], ['X-Content-Type-Options', 'nosniff']];
    if (h['if-none-match'] === bundle.etag) {
      writeHead(res, 304, headers);
      endWithoutBody(res);
      return;
    }
    sendResponse(res, 200, [['Content-Type', 'text/javascript; charset=utf-8'], ...headers], bundle.js);
  });
}
