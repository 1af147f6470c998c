/**
 * What route modules receive when they register, and what they may return.
 *
 * A route module is one function, `registerX(app, ctx)`, that adds its uWS
 * routes to `app` and optionally returns a handle whose `close()` runs at
 * shutdown (after the listen socket closed and in-flight responses drained).
 * Add it to `defaultRoutes` in routes.ts, or pass `routes` to createServer.
 */
import type { ResolvePrincipal } from './auth/principal.ts';
import type { AuthorRegistry } from './authors/author-registry.ts';
import type { ServerConfig } from './config.ts';
import type { ContainedErrors } from './health/contained-errors.ts';
import type { CorsPolicy } from './http/cors-policy.ts';
import type { InFlightRequests } from './http/in-flight-requests.ts';
import type { MetricRegistry } from './metrics/metric-registry.ts';
import type { TemplatedApp } from './uws.ts';

export interface ServerContext {
  readonly config: ServerConfig;
  /**
   * The operator key, resolved once at startup (auth/resolve-admin-key.ts):
   * it guards the admin API and upload creation. Compare with checkAdminKey.
   */
  readonly adminKey: string;
  /** Author keys issued by the operator (server/authors/, `<dataDir>/authors.json`). */
  readonly authors: AuthorRegistry;
  /** Who a request's `Authorization` is: operator, author, anonymous or unknown (auth/principal.ts). */
  readonly resolvePrincipal: ResolvePrincipal;
  /** The shared CORS policy: add `cors.responseHeaders(origin, host)` to every response. */
  readonly cors: CorsPolicy;
  /** Call `begin()` for any response that outlives its handler, so shutdown waits for it. */
  readonly inFlight: InFlightRequests;
  readonly version: string;
  readonly startedAtMs: number;
  /** The wall clock, injectable for tests. */
  readonly now: () => number;
  /** One line of operator-facing log output (no trailing newline). */
  readonly log: (line: string) => void;
  /** The server's Prometheus metrics, rendered at GET /metrics. */
  readonly metrics: MetricRegistry;
  /** Count-and-log for exceptions caught at a boundary (health/contained-errors.ts). */
  readonly contained: ContainedErrors;
}

/** Returned by a registrar that owns resources (timers, files) to release at shutdown. */
export interface RouteModule {
  close(): Promise<void>;
}

/** Adds one feature's routes; may finish setting up asynchronously (listen() waits). */
export type RouteRegistrar = (app: TemplatedApp, ctx: ServerContext) => RouteModule | void | Promise<RouteModule | void>;
