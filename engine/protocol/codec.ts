import { Packr, Unpackr } from 'msgpackr';
import type { ClientMessage, ServerMessage } from './messages.ts';
import { MSGPACK_OPTIONS } from './msgpack-options.ts';

// Plain msgpack maps (no msgpackr records/extensions), so any msgpack library can talk to us.
// msgpackr is the fast encoder of every frame; it decodes only what the server sends.
const packr = new Packr(MSGPACK_OPTIONS);
const unpackr = new Unpackr(MSGPACK_OPTIONS);

export function encodeMessage(message: ServerMessage | ClientMessage): Uint8Array {
  return packr.pack(message);
}

/**
 * Decodes a server frame (clients use this; the server is trusted). Throws on
 * malformed input. Client frames are decoded by client-message.ts instead.
 */
export function decodeServerMessage(bytes: Uint8Array): ServerMessage {
  return unpackr.unpack(bytes) as ServerMessage;
}
