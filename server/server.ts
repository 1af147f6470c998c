/**
 * The HTTP/WebSocket server: one uWS app, the route modules registered on it,
 * and a lifecycle with a graceful close.
 *
 * @example
 *   const server = createServer(resolveServerConfig({ port: '0' }, {}, process.cwd()));
 *   const { url } = await server.listen();
 *   // ...
 *   await server.close();
 */
import { join } from 'node:path';
import { resolveAdminKey } from './auth/resolve-admin-key.ts';
import { createAuthorRegistry } from './authors/author-registry.ts';
import { createFileAuthorStore } from './authors/author-store.ts';
import { createPrincipalResolver } from './authors/resolve-principal.ts';
import { isLoopbackHost, serverUrl, type ServerConfig } from './config.ts';
import { createCorsPolicy } from './http/cors-policy.ts';
import { createContainedErrors, type ContainedErrorReport } from './health/contained-errors.ts';
import { guardedApp } from './http/guarded-app.ts';
import { InFlightRequests } from './http/in-flight-requests.ts';
import { registerNotFound } from './http/not-found-route.ts';
import { registerPreflight } from './http/preflight-route.ts';
import { defaultRoutes } from './routes.ts';
import { createMetricRegistry } from './metrics/metric-registry.ts';
import type { RouteModule, RouteRegistrar, ServerContext } from './server-context.ts';
import { App, closeApp, closeListenSocket, listenSocketPort, type ListenSocket, type TemplatedApp } from './uws.ts';
import { packageVersion } from './version.ts';

export interface CreateServerOptions {
  /** Feature route modules; defaults to `defaultRoutes` (routes.ts). */
  routes?: readonly RouteRegistrar[];
  log?: (line: string) => void;
  now?: () => number;
  /** Receives every contained error instead of BRANCHCAST_CONTAINED_ERRORS_FILE (tests that inject faults on purpose). */
  onContained?: (report: ContainedErrorReport) => void;
}

/** Where the server ended up listening. */
export interface ListenAddress {
  host: string;
  port: number;
  url: string;
}

export interface BranchcastServer {
  readonly app: TemplatedApp;
  readonly context: ServerContext;
  /** Finishes module setup, then binds; rejects with ListenError when the address is unavailable. */
  listen(): Promise<ListenAddress>;
  /**
   * Graceful stop: stop accepting, let in-flight responses finish (up to
   * `config.drainTimeoutMs`), close route modules, then close every remaining
   * connection. Safe to call more than once.
   */
  close(): Promise<void>;
}

/** Thrown by listen() when uWS cannot bind the host and port. */
export class ListenError extends Error {
  override name = 'ListenError';
}

/**
 * Builds the server; nothing listens until listen(). Throws ConfigError when
 * no operator key is given and none may be generated (see resolveAdminKey).
 */
export function createServer(config: ServerConfig, options: CreateServerOptions = {}): BranchcastServer {
  const now = options.now ?? Date.now;
  const log: (line: string) => void = options.log ?? ((line) => process.stderr.write(`${line}\n`));
  // Resolved before any route module registers, so they all share one key and a missing one fails fast.
  const adminKey = resolveAdminKey(config);
  // Tests and the demo read this exact line (test/support/rooms-api.ts adminKeyFrom).
  if (adminKey.generated) log(`branchcast: development operator key (loopback only): ${adminKey.key}`);
  const metrics = createMetricRegistry();
  const contained = createContainedErrors({ metrics, log, now, ...(options.onContained ? { onContained: options.onContained } : {}) });
  const authors = createAuthorRegistry(createFileAuthorStore(join(config.dataDir, 'authors.json')), now);
  const context: ServerContext = {
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
  // Route modules get a guarded view: a bug in one handler answers 500 (HTTP) or closes
  // that one socket with 1011 (WebSocket) instead of killing the process.
  const app = guardedApp(App(), contained);

  registerPreflight(app, context);
  // Registrars may return a promise; collect them so listen() can wait.
  const setups = (options.routes ?? defaultRoutes).map((register) => Promise.resolve(register(app, context)));
  registerNotFound(app, context);

  let listenSocket: ListenSocket | undefined;
  let closing: Promise<void> | undefined;

  const modules = async (): Promise<RouteModule[]> => (await Promise.all(setups)).filter((m): m is RouteModule => m !== undefined);

  return {
    app,
    context,
    async listen() {
      await modules();
      const socket = await new Promise<ListenSocket | false>((resolve) => app.listen(config.host, config.port, resolve));
      if (socket === false) throw new ListenError(`cannot listen on ${config.host}:${config.port} (address in use, or host not local?)`);
      listenSocket = socket;
      const port = listenSocketPort(socket);
      return { host: config.host, port, url: serverUrl(config.host, port) };
    },
    close() {
      closing ??= (async () => {
        if (listenSocket !== undefined) closeListenSocket(listenSocket);
        listenSocket = undefined;
        const drained = await context.inFlight.drained(config.drainTimeoutMs);
        if (!drained) context.log(`shutdown: ${context.inFlight.size} response(s) still in flight after ${config.drainTimeoutMs} ms; closing them`);
        const results = await Promise.allSettled((await modules()).map((m) => m.close()));
        for (const r of results) if (r.status === 'rejected') context.log(`shutdown: a route module failed to close: ${String(r.reason)}`);
        // Idle keep-alive connections would keep the process alive; close them.
        closeApp(app);
      })();
      return closing;
    },
  };
}
