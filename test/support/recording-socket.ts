/**
 * A real `ws` WebSocket behind the SDK's SocketLike, with two hooks for tests:
 * it records every frame the client sends (decoded), and it can swallow
 * frames the server sends (e.g. an ACK), so a test can lose an answer on the
 * way and then cut the connection, as a network would.
 */
import { WebSocket } from 'ws';
import type { SocketLike } from '../../client/session/session-types.ts';
import { decodeClientMessage } from '../../engine/protocol/client-message.ts';
import type { ClientMessage, ServerMessage } from '../../engine/protocol/messages.ts';
import { decodeServerMessage } from '../../engine/protocol/codec.ts';

export class RecordingSocket implements SocketLike {
  onopen: SocketLike['onopen'] = null;
  onmessage: SocketLike['onmessage'] = null;
  onclose: SocketLike['onclose'] = null;
  onerror: SocketLike['onerror'] = null;
  readonly inner: WebSocket;

  constructor(url: string, private readonly sent: ClientMessage[], private readonly swallow: (message: ServerMessage) => boolean) {
    this.inner = new WebSocket(url);
    this.inner.onopen = (ev) => this.onopen?.(ev);
    this.inner.onerror = (ev) => this.onerror?.(ev);
    this.inner.onclose = (ev) => this.onclose?.({ code: ev.code, reason: ev.reason });
    this.inner.onmessage = (ev) => {
      const bytes = ev.data instanceof ArrayBuffer ? new Uint8Array(ev.data) : (ev.data as Uint8Array);
      if (!this.swallow(decodeServerMessage(bytes))) this.onmessage?.({ data: ev.data });
    };
  }

  get binaryType(): string { return this.inner.binaryType; }
  set binaryType(type: string) { this.inner.binaryType = type as WebSocket['binaryType']; }
  get readyState(): number { return this.inner.readyState; }

  send(data: Uint8Array): void {
    const decoded = decodeClientMessage(data);
    if (decoded.ok) this.sent.push(decoded.message);
    this.inner.send(data);
  }

  close(code?: number, reason?: string): void {
    this.inner.close(code, reason);
  }
}
