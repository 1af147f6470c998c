/** Transport limits of the room socket; every one bounds memory or CPU a client can make us spend. */
export interface SocketLimits {
  /** Frames over this many bytes are refused with close 1009 (message too big). */
  maxPayloadBytes: number;
  /**
   * uWS drops the connection without a close frame (clients see 1006) for
   * frames over this; between the two limits we can still answer with 1009.
   */
  hardMaxPayloadBytes: number;
  /** A socket whose send buffer stays above this is a slow consumer and is closed (4010). */
  maxBackpressureBytes: number;
  /** uWS closes a socket silent for this long; it pings automatically before that. */
  idleTimeoutSeconds: number;
  /** Without a token in the URL, the HELLO frame must arrive within this time (4006). */
  helloTimeoutMs: number;
  /** Commands per second per connection (sustained) and burst. */
  commandsPerSecond: number;
  commandBurst: number;
  /** Invalid frames tolerated per connection before it is closed (4008). */
  maxInvalidFrames: number;
}

export const DEFAULT_SOCKET_LIMITS: SocketLimits = {
  maxPayloadBytes: 64 * 1024,
  hardMaxPayloadBytes: 4 * 1024 * 1024,
  maxBackpressureBytes: 1024 * 1024,
  idleTimeoutSeconds: 32,
  helloTimeoutMs: 5000,
  commandsPerSecond: 20,
  commandBurst: 40,
  maxInvalidFrames: 50,
};
