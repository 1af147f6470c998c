/**
 * What route modules receive when they register, and what they may return.
 *
 * A route module is one function, `registerX(app, ctx)`, that adds its uWS
 * routes to `app` and optionally returns a handle whose `close()` runs at
 * shutdown (after the listen socket closed and in-flight responses drained).
 * Add it to `defaultRoutes` in routes.ts, or pass `routes` to createServer.
 */
import { join } from 'node:path';
import type { ResolvePrincipal } from './auth/principal.ts';
import { resolveAdminKey } from './auth/resolve-admin-key.ts';
import { createAuthorRegistry, type AuthorRegistry } from './authors/author-registry.ts';
import { createFileAuthorStore } from './authors/author-store.ts';
import { createPrincipalResolver } from './authors/resolve-principal.ts';
import { isLoopbackHost, type ServerConfig } from './config.ts';
import { createContainedErrors, type ContainedErrorReport, type ContainedErrors } from './health/contained-errors.ts';
import { createCorsPolicy, type CorsPolicy } from './http/cors-policy.ts';
import { InFlightRequests } from './http/in-flight-requests.ts';
import { resolveLogLevel } from './log/log-level.ts';
import { createLogger, type Logger } from './log/logger.ts';
import { createMetricRegistry, type MetricRegistry } from './metrics/metric-registry.ts';
import type { TemplatedApp } from './uws.ts';
import { packageVersion } from './version.ts';

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
  /** The server's structured logger (log/logger.ts); route modules take children with their ids. */
  readonly log: Logger;
  /** The server's Prometheus metrics, rendered at GET /metrics. */
  readonly metrics: MetricRegistry;
  /** Count-and-log for exceptions caught at a boundary (health/contained-errors.ts). */
  readonly contained: ContainedErrors;
}

/** Returned by a registrar that owns resources (timers, files) to release at shutdown. */
export interface RouteModule {
  close(): Promise<void>;
}

/** Adds one feature's routes; may finish setting up asynchronously (compose.ts waits before mounting the next). */
export type RouteRegistrar = (app: TemplatedApp, ctx: ServerContext) => RouteModule | void | Promise<RouteModule | void>;

/** What createServerContext may be given instead of its defaults. */
export interface ServerContextOptions {
  /** The logger to use (the CLI makes one from --log-level); else one at LOG_LEVEL (default info)… */
  logger?: Logger;
  /** …writing each JSON line (no trailing newline) here instead of stderr (tests). */
  log?: (line: string) => void;
  now?: () => number;
  /** Receives every contained error instead of BRANCHCAST_CONTAINED_ERRORS_FILE (tests that inject faults on purpose). */
  onContained?: (report: ContainedErrorReport) => void;
}

/**
 * The context every route module shares, built synchronously and opening
 * nothing (the author registry reads its file on first use). Throws
 * ConfigError when no operator key is given and none may be generated
 * (see resolveAdminKey), so a bad configuration fails before anything opens.
 */
export function createServerContext(config: ServerConfig, options: ServerContextOptions = {}): ServerContext {
  const now = options.now ?? Date.now;
  const sink = options.log;
  const log = options.logger ?? createLogger({ level: resolveLogLevel(undefined, process.env), ...(sink ? { write: (text: string) => sink(text.replace(/\n$/, '')) } : {}) });
  const adminKey = resolveAdminKey(config);
  // Tests and the demo read this exact message (test/support/rooms-api.ts adminKeyFrom; the key is followed
  // by a space, not by JSON's closing quote). The one
  // secret ever written: generated only for a loopback server given no key, it is how its user gets it.
  if (adminKey.generated) log.warn(`branchcast: development operator key (loopback only): ${adminKey.key} (pass --admin-key to choose one)`);
  const metrics = createMetricRegistry();
  const contained = createContainedErrors({ metrics, log, now, ...(options.onContained ? { onContained: options.onContained } : {}) });
  const authors = createAuthorRegistry(createFileAuthorStore(join(config.dataDir, 'authors.json')), now);
  return {
    config,
    adminKey: adminKey.key,
    authors,
    resolvePrincipal: createPrincipalResolver(adminKey.key, authors),
    cors: createCorsPolicy({ allowOrigins: config.allowOrigins, allowLoopbackOrigins: isLoopbackHost(config.host) }),
    inFlight: new InFlightRequests(),
    version: packageVersion(),
    startedAtMs: now(),
    now,
    log,
    metrics,
    contained,
  };
}
