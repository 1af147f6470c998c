import type { Redis } from 'ioredis';
import type { RedisKeys } from '../redis/keys.ts';
import { encodeBusMessage, type BusMessage, type BusReply, type BusRequest } from './bus-message.ts';

/** No reply in time: the node may be dead, or it never got the request (pub/sub is at most once). */
export class BusTimeoutError extends Error {
  override name = 'BusTimeoutError';
}

/**
 * Request/reply between nodes over Redis pub/sub: each node listens on its
 * own inbox channel. Delivery is at most once, so every request has a
 * timeout and callers retry (room commands are idempotent by subject + id).
 * The subscriber connection is shared: ClusterRooms hands inbox frames to
 * `receive()`.
 */
export class NodeBus {
  private nextCorr = 1;
  private readonly waiting = new Map<number, { resolve: (reply: BusReply) => void; timer: NodeJS.Timeout }>();

  constructor(
    private readonly publisher: Redis,
    private readonly keys: RedisKeys,
    private readonly nodeId: string,
    private readonly onRequest: (request: BusRequest & { from: string; corr: number }) => void,
    private readonly onPresence: (message: Extract<BusMessage, { k: 'presence' }>) => void,
  ) {}

  get inbox(): string {
    return this.keys.node(this.nodeId);
  }

  request(node: string, request: BusRequest, timeoutMs: number): Promise<BusReply> {
    const corr = this.nextCorr++;
    return new Promise<BusReply>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiting.delete(corr);
        reject(new BusTimeoutError(`node ${node} did not answer within ${timeoutMs} ms`));
      }, timeoutMs);
      this.waiting.set(corr, { resolve, timer });
      this.publisher.publish(this.keys.node(node), encodeBusMessage({ ...request, from: this.nodeId, corr })).catch((cause: unknown) => {
        clearTimeout(timer);
        this.waiting.delete(corr);
        reject(cause instanceof Error ? cause : new Error(String(cause)));
      });
    });
  }

  reply(node: string, reply: BusReply): void {
    // A lost reply times out on the asker, who retries; nothing to do here.
    this.publisher.publish(this.keys.node(node), encodeBusMessage(reply)).catch(() => undefined);
  }

  presence(node: string, message: Extract<BusMessage, { k: 'presence' }>): void {
    this.publisher.publish(this.keys.node(node), encodeBusMessage(message)).catch(() => undefined);
  }

  receive(message: BusMessage): void {
    if (message.k === 'reply') {
      const waiter = this.waiting.get(message.corr);
      if (!waiter) return; // timed out already
      this.waiting.delete(message.corr);
      clearTimeout(waiter.timer);
      waiter.resolve(message);
    } else if (message.k === 'presence') {
      this.onPresence(message);
    } else {
      this.onRequest(message);
    }
  }

  /** Fails every waiting request (shutdown). */
  stop(): void {
    for (const [corr, waiter] of this.waiting) {
      clearTimeout(waiter.timer);
      this.waiting.delete(corr);
      waiter.resolve({ k: 'reply', corr, error: 'this node is shutting down' });
    }
  }
}
