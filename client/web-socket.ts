/**
 * Where the SDK gets a WebSocket: the platform's own where there is one
 * (browsers, Deno, Node 22+), else the `ws` package (Node 20, this package's
 * engine, has no global WebSocket without a flag). `ws` is loaded lazily, so
 * a browser never fetches it, and it is a dependency of the package rather
 * than an optional peer: a bot on Node 20 should work after `npm install
 * branchcast`, not fail at its first connect.
 */
import type { SocketLike } from './session/session-types.ts';

/** Opens a WebSocket to `url`; whatever it returns must behave like the browser's (binaryType, on* handlers, send, close). */
export type WebSocketFactory = (url: string) => SocketLike;

/** The constructor shape shared by the browser's WebSocket and `ws`'s. */
type WebSocketConstructor = new (url: string) => SocketLike;

export async function defaultWebSocketFactory(): Promise<WebSocketFactory> {
  const native = (globalThis as { WebSocket?: WebSocketConstructor }).WebSocket;
  if (native) return (url) => new native(url);
  const moduleName = 'ws';
  const ws = (await import(/* @vite-ignore */ moduleName)) as { WebSocket?: WebSocketConstructor; default?: WebSocketConstructor };
  const Constructor = ws.WebSocket ?? ws.default;
  if (!Constructor) throw new Error('branchcast/client: no global WebSocket and the `ws` package has none either');
  return (url) => new Constructor(url);
}
