/**
 * One viewer's connection, over plain WebSocket (`ws`, for branchcast,
 * uws-raw and the ws peer) or Socket.IO (websocket transport, for the
 * socket.io peer). Either way the payloads are the same msgpack frames.
 */
import { io as socketIo } from 'socket.io-client';
import WebSocket from 'ws';

export type Transport = 'ws' | 'socket.io';

export interface ClientSocket {
  send(frame: Uint8Array): void;
  close(): void;
}

export interface SocketHandlers {
  onFrame(frame: Uint8Array): void;
  /** Called once, when the connection fails or ends. */
  onClose(reason: string): void;
}

export function openSocket(baseUrl: string, token: string, transport: Transport, handlers: SocketHandlers): ClientSocket {
  let closed = false;
  const closeOnce = (reason: string): void => {
    if (closed) return;
    closed = true;
    handlers.onClose(reason);
  };
  if (transport === 'socket.io') {
    const socket = socketIo(baseUrl, { transports: ['websocket'], query: { token }, reconnection: false, forceNew: true, timeout: 20_000 });
    socket.on('m', (data: ArrayBuffer | Uint8Array) => handlers.onFrame(data instanceof Uint8Array ? data : new Uint8Array(data)));
    socket.on('connect_error', (error: Error) => closeOnce(`connect_error: ${error.message}`));
    socket.on('disconnect', (reason: string) => closeOnce(reason));
    return { send: (frame) => void socket.emit('m', frame), close: () => void socket.disconnect() };
  }
  const ws = new WebSocket(`${baseUrl.replace(/^http/, 'ws')}/ws?token=${encodeURIComponent(token)}`, { perMessageDeflate: false, maxPayload: 64 * 1024 * 1024 });
  ws.binaryType = 'nodebuffer';
  ws.on('message', (data: Buffer) => handlers.onFrame(data));
  ws.on('error', (error) => closeOnce(`error: ${error.message}`));
  ws.on('close', (code) => closeOnce(`close ${code}`));
  return {
    send: (frame) => {
      if (ws.readyState === WebSocket.OPEN) ws.send(frame);
    },
    close: () => ws.close(),
  };
}
