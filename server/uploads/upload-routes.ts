import { answerOptions } from '../http/preflight-route.ts';
import type { HeaderList } from '../http/send-response.ts';
import type { ServerContext } from '../server-context.ts';
import type { HttpRequest, HttpResponse, TemplatedApp } from '../uws.ts';
import { BodyQueue } from './body-queue.ts';
import { handleOptions } from './handle-options.ts';
import { statusLine } from '../http/status-line.ts';
import type { TusRequest } from './tus-request.ts';
import type { TusResponse } from './tus-response.ts';
import type { TusService } from './tus-service.ts';
import { loggablePath } from '../log/safe-url.ts';

/** The parts of the server context the upload routes use. */
export type UploadRouteContext = Pick<ServerContext, 'cors' | 'inFlight' | 'log'>;

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

function send(res: HttpResponse, request: TusRequest, response: TusResponse, cors: HeaderList, bodyComplete: boolean): void {
  // Status first: a writeHeader before writeStatus makes uWS send an implicit 200.
  res.writeStatus(statusLine(response.status));
  for (const [name, value] of Object.entries(response.headers)) res.writeHeader(name, value);
  for (const [name, value] of cors) res.writeHeader(name, value);
  // An unread body (early rejection) would be parsed as the next request: close instead.
  const close = announcesBody(request) && !bodyComplete;
  if (request.method === 'HEAD' || response.status === 204) {
    // Hazard: in uWS 20.30, passing `undefined` as the length (to reach the
    // closeConnection argument) writes a bogus `Content-Length: 9223372036854775808`,
    // duplicating any of ours. An explicit 0 is correct and keeps keep-alive working.
    res.endWithoutBody(0, close);
  } else {
    res.end(response.body, close);
  }
}

/**
 * Serves one request under the uploads mount with `service`.
 * Thin glue: copy the request, stream the body through a bounded BodyQueue
 * (socket paused while the disk catches up), write the response corked.
 */
export function serveUpload(service: TusService, ctx: UploadRouteContext, bodies: Set<BodyQueue>, res: HttpResponse, req: HttpRequest): void {
  // Hazard: req is only valid until this function returns; copy it now.
  const request = copyRequest(req);
  const { origin, host } = request.headers;
  if (request.method === 'OPTIONS') {
    // Preflight or tus discovery: the server's OPTIONS answer plus the tus capabilities.
    answerOptions(res, req, ctx.cors, Object.entries(handleOptions(service.context).headers));
    return;
  }
  const cors = ctx.cors.responseHeaders(origin, host);
  const endInFlight = ctx.inFlight.begin();
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
  bodies.add(queue);
  void service
    .handle(request, queue)
    .then((response) => {
      if (finished) return;
      finished = true;
      res.cork(() => send(res, request, response, cors, queue.complete)); // every delayed write is corked
    })
    // A throw here would be an unhandled rejection, which ends the process: log it instead.
    .catch((error: unknown) => ctx.log.error({ method: request.method, path: loggablePath(request.path), err: error }, 'uploads: answering a request failed'))
    .finally(() => {
      bodies.delete(queue);
      // In flight until the handler settles, not just until the response: an aborted PATCH is still committing.
      endInFlight();
    });
}

/** What registerUploadRoutes returns: a way to cut off bodies still streaming at shutdown. */
export interface UploadRoutes {
  /**
   * Ends every request body still arriving as if the client had stopped: the
   * handlers commit what was received and answer with that offset (the
   * connection then closes). Without this, shutdown would wait for a
   * multi-GB PATCH to finish.
   */
  cutOffBodies(): void;
}

/** Registers the tus routes (`/uploads` and `/uploads/*`, every method) on a uWS app. */
export function registerUploadRoutes(app: TemplatedApp, service: TusService, ctx: UploadRouteContext): UploadRoutes {
  const base = service.context.basePath;
  const bodies = new Set<BodyQueue>();
  const handler = (res: HttpResponse, req: HttpRequest): void => serveUpload(service, ctx, bodies, res, req);
  app.any(base, handler);
  app.any(`${base}/*`, handler);
  return {
    cutOffBodies() {
      for (const body of bodies) body.abort();
    },
  };
}
