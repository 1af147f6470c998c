/**
 * The HTTP/WebSocket server: one uWS app, composed by compose.ts, and a
 * lifecycle with a graceful close.
 *
 * @example
 *   const server = createServer(resolveServerConfig({ port: '0' }, {}, process.cwd()));
 *   const { url } = await server.listen();
 *   // ...
 *   await server.close();
 */
import { compose, type Composition } from './compose.ts';
import { serverUrl, type ServerConfig } from './config.ts';
import { guardedApp } from './http/guarded-app.ts';
import { createServerContext, type RouteRegistrar, type ServerContext, type ServerContextOptions } from './server-context.ts';
import { App, closeApp, closeListenSocket, listenSocketPort, type ListenSocket, type TemplatedApp } from './uws.ts';

export interface CreateServerOptions extends ServerContextOptions {
  /** Route modules to mount instead of the default features (routes.ts); the rooms backend opens only with the defaults. */
  routes?: readonly RouteRegistrar[];
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
  /**
   * Composes the server (compose.ts: opens the backend, then mounts every
   * route), then binds; rejects with ListenError when the address is
   * unavailable, or with whatever stopped the backend from opening.
   */
  listen(): Promise<ListenAddress>;
  /**
   * Graceful stop: stop accepting, let in-flight responses finish (up to
   * `config.drainTimeoutMs`), close what composition opened (newest first),
   * then close every remaining connection. Safe to call more than once.
   */
  close(): Promise<void>;
}

/** Thrown by listen() when uWS cannot bind the host and port. */
export class ListenError extends Error {
  override name = 'ListenError';
}

/**
 * Builds the server's context and app; nothing opens or listens until
 * listen(). Throws ConfigError when no operator key is given and none may be
 * generated (see resolveAdminKey).
 */
export function createServer(config: ServerConfig, options: CreateServerOptions = {}): BranchcastServer {
  const context = createServerContext(config, options);
  // Route modules get a guarded view: a bug in one handler answers 500 (HTTP) or closes
  // that one socket with 1011 (WebSocket) instead of killing the process.
  const app = guardedApp(App(), context.contained);
  let composition: Promise<Composition> | undefined;
  let listenSocket: ListenSocket | undefined;
  let closing: Promise<void> | undefined;

  return {
    app,
    context,
    async listen() {
      await (composition ??= compose(app, context, options.routes));
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
        if (!drained) context.log.warn({ inFlight: context.inFlight.size }, `shutdown: ${context.inFlight.size} response(s) still in flight after ${config.drainTimeoutMs} ms; closing them`);
        // A composition that failed has already closed what it opened (compose.ts).
        const composed = await composition?.catch(() => undefined);
        await composed?.close();
        // Idle keep-alive connections would keep the process alive; close them.
        closeApp(app);
      })();
      return closing;
    },
  };
}
