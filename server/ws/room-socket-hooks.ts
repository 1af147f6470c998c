/** What the room socket reports for /metrics; every hook is optional so tests can ignore them. */
export interface RoomSocketHooks {
  opened?(): void;
  closed?(): void;
  messageIn?(bytes: number): void;
  messageOut?(bytes: number): void;
  commandDone?(ms: number): void;
  slowConsumerDropped?(): void;
  heartbeatTimeout?(): void;
}
