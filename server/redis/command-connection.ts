/**
 * A cluster node's command (and subscriber) connection: leases, owner
 * lookups, the node bus, stories, coupons. Unlike the store's connection
 * (store-connection.ts) these commands are safe to resend, so ioredis may
 * retry them; what matters here is that no caller hangs and no error event
 * can crash the process.
 */
import { Redis } from 'ioredis';

/** Bounded retries and an observed 'error' event; the first error of each outage is logged once. */
export async function connectCommandRedis(url: string, log: (line: string) => void, name: string): Promise<Redis> {
  const redis = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 2, connectTimeout: 5000, retryStrategy: (times) => Math.min(100 * times, 2000) });
  let reported = false;
  redis.on('error', (error: Error) => {
    if (!reported) log(`cluster: Redis ${name} connection: ${error.message}`);
    reported = true;
  });
  redis.on('ready', () => (reported = false));
  await redis.connect();
  return redis;
}
