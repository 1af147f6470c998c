import type { HttpRequest, HttpResponse, TemplatedApp } from '../uws.ts';
import { BodyQueue } from './body-queue.ts';
import { statusLine } from './status-line.ts';
import type { TusRequest } from './tus-request.ts';
import type { TusResponse } from './tus-response.ts';
import type { TusService } from './tus-service.ts';

/** Lets the server add cross-cutting headers (CORS) to every upload response. */
export type ResponseDecorator = (request: TusRequest, response: TusResponse) => TusResponse;

/** Copies what the tus handlers read out of a uWS request. */
function copyRequest(req: HttpRequest): TusRequest {
  const headers: Record<string, string> = Object.create(null) as Record<string, string>;
  req.forEach((name, value) => {
    headers[name] = value;
  });
  return { method: req.getMethod().toUpperCase(), path: req.getUrl(), headers };
}

/** True when the request announced a body (a length above zero, or chunked). */
function announcesBody(request: TusRequest): boolean {
  const length = request.headers['content-length'];
  return (length !== undefined && length.trim() !== '0') || request.headers['transfer-encoding'] !== undefined;
}

function send(res: HttpResponse, request: TusRequest, response: TusResponse, bodyComplete: boolean): void {
  res.writeStatus(statusLine(response.status)); // before any writeHeader, or uWS sends an implicit 200
  for (const [name, value] of Object.entries(response.headers)) res.writeHeader(name, value);
  // An unread body (early rejection) would be parsed as the next request: close instead.
  const close = announcesBody(request) && !bodyComplete;
  // Hazard: endWithoutBody() without a length writes a bogus huge Content-Length in uWS 20.30; pass 0.
  if (request.method === 'HEAD' || response.status === 204) res.endWithoutBody(0, close);
  else res.end(response.body, close);
}

/**
 * Serves one request under the uploads mount with `service`.
 * Thin glue: copy the request, stream the body through a bounded BodyQueue
 * (socket paused while the disk catches up), write the response corked.
 */
export function serveUpload(service: TusService, res: HttpResponse, req: HttpRequest, decorate?: ResponseDecorator): void {
  // Hazard: req is only valid until this function returns; copy it now.
  const request = copyRequest(req);
  let finished = false; // aborted or answered: res must not be touched again
  const queue = new BodyQueue({
    pause: () => {
      if (!finished) res.pause();
    },
    resume: () => {
      if (!finished) res.resume();
    },
  });
  // Hazard: onAborted must be attached before any await, or uWS terminates the process on abort.
  res.onAborted(() => {
    finished = true;
    queue.abort();
  });
  // The chunk's memory is reused by uWS after this callback: copy it.
  res.onData((chunk, isLast) => queue.push(new Uint8Array(chunk.slice(0)), isLast));
  void service.handle(request, queue).then((response) => {
    if (finished) return;
    finished = true;
    const out = decorate ? decorate(request, response) : response;
    res.cork(() => send(res, request, out, queue.complete)); // delayed write: cork it
  });
}

/** Registers the tus routes (`/uploads` and `/uploads/*`, every method) on a uWS app. */
export function registerUploadRoutes(app: TemplatedApp, service: TusService, decorate?: ResponseDecorator): void {
  const base = service.context.basePath;
  const handler = (res: HttpResponse, req: HttpRequest): void => serveUpload(service, res, req, decorate);
  app.any(base, handler);
  app.any(`${base}/*`, handler);
}
