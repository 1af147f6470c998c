/**
 * Makes a uWS app survive bugs in route and socket handlers.
 *
 * Hazard: an exception thrown by a uWS handler terminates the process
 * (measured on uWS 20.30), and so does a rejected promise from an async one,
 * under Node's default unhandled-rejection mode. A bug triggered by one
 * request or frame must not take down every room. The guarded app wraps
 * every HTTP handler and every WebSocket behaviour handler:
 * - HTTP: a throw or rejection is counted and logged, and the response is
 *   answered with 500 `{error: {code: 'internal'}}` and the connection closed,
 *   unless it was already answered or aborted;
 * - WebSocket: the socket whose handler threw is closed with 1011 (internal
 *   error); every other socket carries on. A throw in `close` is only counted.
 * Handlers that know more (the room socket knows the room and connection)
 * catch first and answer better; this is the last line.
 */
import type { ContainedErrors, ContainmentBoundary } from '../health/contained-errors.ts';
import type { HttpRequest, HttpResponse, TemplatedApp, WebSocket, WebSocketBehavior } from '../uws.ts';
import { statusLine } from './status-line.ts';

type Handler = (res: HttpResponse, req: HttpRequest) => void | Promise<void>;

/** The API's error shape (api/api-error.ts), so clients parse a contained bug like any other error. */
const INTERNAL_ERROR_BODY = JSON.stringify({ error: { code: 'internal', message: 'internal server error; the server logged it' } });

const HTTP_METHODS = new Set(['get', 'post', 'put', 'patch', 'del', 'options', 'head', 'any', 'connect', 'trace']);

/** WebSocket close code for "the server hit an unexpected condition" (RFC 6455 §7.4.1). */
export const CLOSE_INTERNAL_ERROR = 1011;

/** A view of `app` whose HTTP routes and WebSocket behaviours are guarded; everything else passes through. */
export function guardedApp(app: TemplatedApp, contained: ContainedErrors): TemplatedApp {
  const proxy: TemplatedApp = new Proxy(app, {
    get(target, property, receiver) {
      const value: unknown = Reflect.get(target, property, receiver);
      if (typeof property !== 'string' || typeof value !== 'function') return value;
      if (property === 'ws') {
        return (pattern: string, behavior: WebSocketBehavior<unknown>) => {
          (value as (p: string, b: WebSocketBehavior<unknown>) => unknown).call(target, pattern, guardBehavior(behavior, contained, pattern));
          return proxy;
        };
      }
      if (!HTTP_METHODS.has(property)) return value.bind(target);
      return (pattern: string, handler: Handler) => {
        (value as (p: string, h: Handler) => unknown).call(target, pattern, guardHandler(handler, contained, pattern));
        return proxy;
      };
    },
  });
  return proxy;
}

/** Wraps one HTTP handler as guardedApp does. */
export function guardHandler(handler: Handler, contained: ContainedErrors, route?: string): Handler {
  return (res, req) => {
    let result: void | Promise<void>;
    try {
      result = handler(res, req);
    } catch (error) {
      failRequest(res, error, contained, 'http', route);
      return;
    }
    if (result instanceof Promise) result.catch((error: unknown) => failRequest(res, error, contained, 'http', route));
  };
}

function failRequest(res: HttpResponse, error: unknown, contained: ContainedErrors, boundary: ContainmentBoundary, route: string | undefined): void {
  contained.report(boundary, error, { route });
  try {
    res.cork(() => {
      res.writeStatus(statusLine(500));
      res.writeHeader('Content-Type', 'application/json; charset=utf-8');
      res.end(INTERNAL_ERROR_BODY, true);
    });
  } catch {
    // Already answered or aborted: uWS refuses access, and there is nothing left to tell the client.
  }
}

type SocketHandlerName = 'open' | 'message' | 'drain' | 'close' | 'ping' | 'pong' | 'subscription' | 'dropped';
const SOCKET_BOUNDARY: Record<SocketHandlerName, ContainmentBoundary> = {
  open: 'ws-open',
  message: 'ws-message',
  drain: 'ws-drain',
  close: 'ws-close',
  ping: 'ws-message',
  pong: 'ws-message',
  subscription: 'ws-message',
  dropped: 'ws-message',
};

/** Wraps every handler of a WebSocket behaviour as guardedApp does. */
export function guardBehavior<T>(behavior: WebSocketBehavior<T>, contained: ContainedErrors, route?: string): WebSocketBehavior<T> {
  const guarded: WebSocketBehavior<T> = { ...behavior };
  if (behavior.upgrade) guarded.upgrade = guardUpgrade(behavior.upgrade, contained, route);
  for (const name of Object.keys(SOCKET_BOUNDARY) as SocketHandlerName[]) {
    const handler = (behavior as Record<string, unknown>)[name] as ((ws: WebSocket<T>, ...rest: unknown[]) => unknown) | undefined;
    if (!handler) continue;
    const boundary = SOCKET_BOUNDARY[name];
    const fail = (ws: WebSocket<T>, error: unknown): void => {
      contained.report(boundary, error, { route });
      // A socket whose close handler threw is gone already; any other is ended so the client knows.
      if (name === 'close') return;
      try {
        ws.end(CLOSE_INTERNAL_ERROR, 'internal error');
      } catch {
        // Closed in the meantime: nothing to tell.
      }
    };
    (guarded as Record<string, unknown>)[name] = (ws: WebSocket<T>, ...rest: unknown[]): void => {
      try {
        const result = handler(ws, ...rest);
        if (result instanceof Promise) result.catch((error: unknown) => fail(ws, error));
      } catch (error) {
        fail(ws, error);
      }
    };
  }
  return guarded;
}

type Upgrade = NonNullable<WebSocketBehavior<unknown>['upgrade']>;

/** An upgrade that throws is answered like an HTTP handler that throws: 500 and close. */
function guardUpgrade(upgrade: Upgrade, contained: ContainedErrors, route: string | undefined): Upgrade {
  return (res, req, context) => {
    try {
      upgrade(res, req, context);
    } catch (error) {
      failRequest(res, error, contained, 'ws-upgrade', route);
    }
  };
}
