/**
 * The room store's Redis connection (server/store/redis-room-store.ts), configured so that no write is ever sent
 * twice. An append whose reply was lost (the connection dropped while the
 * script was in flight) may or may not have run; resending it could append
 * its records a second time. So:
 *
 * - `autoResendUnfulfilledCommands: false` and `maxRetriesPerRequest: 0`: on a
 *   connection loss every command awaiting a reply is rejected at once, never
 *   replayed after the reconnect;
 * - `enableOfflineQueue: false` (the connection is ready before the store is
 *   returned): while reconnecting, a new command fails fast instead of queueing
 *   for an unknown time;
 * - `reconnectOnError: null`: an error reply never triggers a resend;
 * - `commandTimeout`: a server that stops answering (paused, partitioned)
 *   rejects commands instead of hanging callers; the late reply is discarded.
 *
 * The connection keeps reconnecting in the background, so the store recovers
 * once Redis is back; callers see `io` until then.
 */
import { Redis } from 'ioredis';

/** Long enough for a full batch (MAX_BATCH_BYTES) on a slow link, short enough that a dead server is noticed. */
export const COMMAND_TIMEOUT_MS = 15_000;
const CONNECT_TIMEOUT_MS = 5_000;
const MAX_RECONNECT_DELAY_MS = 2_000;

/** Connects to `url` and resolves once the connection is ready; rejects when it cannot (the store reports that as `io`). */
export async function connectStoreRedis(url: string): Promise<Redis> {
  const redis = new Redis(url, {
    lazyConnect: true,
    autoResendUnfulfilledCommands: false,
    maxRetriesPerRequest: 0,
    enableOfflineQueue: false,
    reconnectOnError: null,
    commandTimeout: COMMAND_TIMEOUT_MS,
    connectTimeout: CONNECT_TIMEOUT_MS,
    retryStrategy: (times) => Math.min(100 * times, MAX_RECONNECT_DELAY_MS),
  });
  // Each failed reconnect is also an 'error' event. The affected commands
  // already reject with it, so there is nothing to do here, but a listener
  // must exist so that an emitted 'error' can never crash the process.
  redis.on('error', () => undefined);
  try {
    await redis.connect();
  } catch (cause) {
    redis.disconnect();
    throw new Error(`cannot connect to Redis at ${describeUrl(url)}`, { cause });
  }
  return redis;
}

/** host:port only: a redis:// URL may carry a password. */
function describeUrl(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return '(invalid URL)';
  }
}
