/** What the room socket reports for /metrics; every hook is optional so tests can ignore them. */
export interface RoomSocketHooks {
  opened?(): void;
  closed?(): void;
  messageIn?(bytes: number): void;
  messageOut?(bytes: number): void;
  commandDone?(ms: number): void;
  slowConsumerDropped?(): void;
  heartbeatTimeout?(): void;
  /** An upgrade refused before any room work (a browser page from an origin not allowed). */
  upgradeRefused?(reason: 'origin'): void;
}
