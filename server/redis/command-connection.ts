/**
 * A cluster node's command (and subscriber) connection: leases, owner
 * lookups, the node bus, stories, coupons. Unlike the store's connection
 * (store-connection.ts) these commands are safe to resend, so ioredis may
 * retry them; what matters here is that no caller hangs and no error event
 * can crash the process.
 */
import { Redis } from 'ioredis';
import type { Logger } from '../log/logger.ts';

/**
 * Bounded retries and an observed 'error' event. Each reconnect attempt is an
 * error, so only the first of each outage is logged, and the reconnect once.
 */
export async function connectCommandRedis(url: string, log: Logger, name: string): Promise<Redis> {
  const redis = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 2, connectTimeout: 5000, retryStrategy: (times) => Math.min(100 * times, 2000) });
  let reported = false;
  redis.on('error', (error: Error) => {
    if (!reported) log.warn({ connection: name, err: error }, `cluster: Redis ${name} connection lost; reconnecting`);
    reported = true;
  });
  redis.on('ready', () => {
    if (reported) log.info({ connection: name }, `cluster: Redis ${name} connection ready again`);
    reported = false;
  });
  await redis.connect();
  return redis;
}
