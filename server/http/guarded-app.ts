/**
 * Makes a uWS app survive bugs in route handlers.
 *
 * Hazard: an exception thrown by a uWS handler terminates the process
 * (measured on uWS 20.30), and so does a rejected promise from an async one,
 * under Node's default unhandled-rejection mode. A bug triggered by one
 * request must not take down every room. The guarded app wraps every HTTP
 * handler: a throw or rejection is logged, and the response is answered with
 * 500 and the connection closed, unless it has already been answered or aborted.
 */
import type { HttpRequest, HttpResponse, TemplatedApp } from '../uws.ts';
import { statusLine } from './status-line.ts';

type Handler = (res: HttpResponse, req: HttpRequest) => void | Promise<void>;

const HTTP_METHODS = new Set(['get', 'post', 'put', 'patch', 'del', 'options', 'head', 'any', 'connect', 'trace']);

/** A view of `app` whose HTTP route methods register guarded handlers; everything else passes through. */
export function guardedApp(app: TemplatedApp, log: (line: string) => void): TemplatedApp {
  const proxy: TemplatedApp = new Proxy(app, {
    get(target, property, receiver) {
      const value: unknown = Reflect.get(target, property, receiver);
      if (typeof property !== 'string' || typeof value !== 'function') return value;
      if (!HTTP_METHODS.has(property)) return value.bind(target);
      return (pattern: string, handler: Handler) => {
        (value as (p: string, h: Handler) => unknown).call(target, pattern, guardHandler(handler, log));
        return proxy;
      };
    },
  });
  return proxy;
}

/** Wraps one handler as guardedApp does. */
export function guardHandler(handler: Handler, log: (line: string) => void): Handler {
  return (res, req) => {
    let result: void | Promise<void>;
    try {
      result = handler(res, req);
    } catch (error) {
      failSafely(res, error, log);
      return;
    }
    if (result instanceof Promise) result.catch((error: unknown) => failSafely(res, error, log));
  };
}

function failSafely(res: HttpResponse, error: unknown, log: (line: string) => void): void {
  log(`http: route handler failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  try {
    res.cork(() => {
      res.writeStatus(statusLine(500));
      res.end('internal server error\n', true);
    });
  } catch {
    // Already answered or aborted: uWS refuses access, and there is nothing left to tell the client.
  }
}
