/**
 * The one module that imports uWebSockets.js: everything else takes
 * the types and functions it needs from here.
 *
 * Hazard: when the native binary cannot load, the package silently falls back
 * to a slow pure-JS implementation. The fallback lacks the compressor
 * constants, so their presence proves the native binary is in use.
 */
import { createRequire } from 'node:module';
import type * as UWS from 'uWebSockets.js';

/** Thrown at load when uWebSockets.js came up as its JS fallback. */
export class NativeUwsMissingError extends Error {
  override name = 'NativeUwsMissingError';
}

// The package is CommonJS with a computed export, so load it through require.
const uWS = createRequire(import.meta.url)('uWebSockets.js') as typeof UWS;

if (!('SHARED_COMPRESSOR' in uWS)) {
  throw new NativeUwsMissingError(
    `uWebSockets.js loaded its slow JavaScript fallback instead of the native binary ` +
      `(node ${process.version}, ABI ${process.versions.modules}, ${process.platform}-${process.arch}). ` +
      `The binaries exist for Node 20 on linux-x64; use Node 20 and unset UWS_USE_FALLBACK.`,
  );
}

export type {
  HttpRequest,
  HttpResponse,
  TemplatedApp,
  us_listen_socket as ListenSocket,
  us_socket_context_t,
  WebSocket,
  WebSocketBehavior,
  RecognizedString,
} from 'uWebSockets.js';

/** `App()` from uWebSockets.js (native). */
export const App: typeof UWS.App = uWS.App;
/** Stops accepting connections on one listen socket; open connections stay. */
export const closeListenSocket: typeof UWS.us_listen_socket_close = uWS.us_listen_socket_close;
/** The port a listen socket is bound to (useful after listening on port 0). */
export const listenSocketPort: typeof UWS.us_socket_local_port = uWS.us_socket_local_port;
/** uWS compression modes for WebSocket behaviours. */
export const SHARED_COMPRESSOR: typeof UWS.SHARED_COMPRESSOR = uWS.SHARED_COMPRESSOR;
export const DISABLED: typeof UWS.DISABLED = uWS.DISABLED;

/**
 * Closes the listen socket and every open connection of an app; in-flight
 * responses get their onAborted. Present at runtime in uWS 20.30 but missing
 * from its type declarations, hence the narrow cast.
 */
export function closeApp(app: UWS.TemplatedApp): void {
  (app as UWS.TemplatedApp & { close(): void }).close();
}
