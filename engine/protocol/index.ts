/** The wire protocol: message types, close codes and the msgpack codec. See docs/protocol.md. */
export * from './messages.ts';
export * from './codec.ts';
export { encodeAck } from './ack-frame.ts';
export { MSGPACK_OPTIONS } from './msgpack-options.ts';
export * from './client-message.ts';
export { MAX_WIRE_DEPTH } from './wire-value.ts';
