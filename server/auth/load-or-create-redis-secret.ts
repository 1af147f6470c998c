/**
 * The token-signing keyring for cluster mode (issue 8): stored in Redis at
 * `keys.secret` so that a token signed by one node verifies on every other.
 * Same format as `<dataDir>/secret.key` (load-or-create-secret.ts): one key
 * per line, the first signs, all verify, blank and `#` lines ignored; rotate
 * by SETting a new first line and dropping the old one once its tokens expired.
 */
import type { Redis } from 'ioredis';
import type { RedisKeys } from '../redis/keys.ts';
import { generateSecret } from './generate-secret.ts';
import { MIN_SECRET_LENGTH, type LoadedSecrets } from './load-or-create-secret.ts';

/** The stored keyring cannot be used, or Redis could not be read or written. */
export class RedisSecretError extends Error {
  override name = 'RedisSecretError';
}

/**
 * Reads the shared keyring, or creates it with SET NX: when several nodes
 * start together exactly one SET wins, and the others read the winner's key.
 * A stored keyring is never replaced, even an unusable one (that would
 * silently invalidate every token): fix or delete it by hand.
 */
export async function loadOrCreateRedisSecret(redis: Redis, keys: RedisKeys): Promise<LoadedSecrets> {
  const key = keys.secret;
  try {
    const existing = await redis.get(key);
    if (existing !== null) return { secrets: parseKeyring(existing, key), created: false };
    if ((await redis.set(key, `${generateSecret()}\n`, 'NX')) === 'OK') {
      // Read back rather than trust our own value: the same path every other node takes.
      return { secrets: parseKeyring(await mustGet(redis, key), key), created: true };
    }
    // Another node created it between our GET and SET: use theirs.
    return { secrets: parseKeyring(await mustGet(redis, key), key), created: false };
  } catch (cause) {
    if (cause instanceof RedisSecretError) throw cause;
    throw new RedisSecretError(`cannot read or create the keyring at Redis key ${key}`, { cause });
  }
}

async function mustGet(redis: Redis, key: string): Promise<string> {
  const text = await redis.get(key);
  if (text === null) throw new RedisSecretError(`Redis key ${key} vanished while being created`);
  return text;
}

function parseKeyring(text: string, key: string): string[] {
  const secrets = text.split('\n').map((line) => line.trim()).filter((line) => line !== '' && !line.startsWith('#'));
  if (secrets.length === 0) throw new RedisSecretError(`Redis key ${key} holds no signing key; delete it to have one generated`);
  for (const [i, secret] of secrets.entries()) {
    if (secret.length < MIN_SECRET_LENGTH || /\s/.test(secret)) {
      throw new RedisSecretError(`Redis key ${key}: key ${i + 1} must be at least ${MIN_SECRET_LENGTH} characters without spaces`);
    }
  }
  return secrets;
}
