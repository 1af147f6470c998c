/** The wire protocol: message types, close codes and the msgpack codec. See docs/protocol.md. */
export * from './messages.ts';
export * from './codec.ts';
