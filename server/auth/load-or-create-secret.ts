/**
 * The token-signing keyring at `<dataDir>/secret.key`, so tokens survive
 * restarts. One key per line; the first signs, all verify. To rotate, put a
 * new line first and delete the old one once its tokens have expired. Blank
 * lines and lines starting with `#` are ignored.
 */
import { randomBytes } from 'node:crypto';
import { link, mkdir, open, readFile, rename, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { fsyncDir } from '../disk/durable-write.ts';
import { generateSecret } from './generate-secret.ts';

export const SECRET_FILE = 'secret.key';
/** A shorter key is too weak to sign with; generated keys have 43 characters. */
export const MIN_SECRET_LENGTH = 32;

/** The secret file exists but cannot be used, or cannot be read or created. */
export class SecretFileError extends Error {
  override name = 'SecretFileError';
}

export interface LoadedSecrets {
  /** The keyring: `secrets[0]` signs. Never empty. */
  secrets: string[];
  /** Whether this call generated the file (log it: earlier tokens no longer verify). */
  created: boolean;
}

/** Reads the keyring, or creates it (mode 0600, atomically: concurrent callers agree on one key). */
export async function loadOrCreateSecret(dataDir: string): Promise<LoadedSecrets> {
  const path = join(dataDir, SECRET_FILE);
  const existing = await readSecrets(path);
  if (existing !== undefined) return { secrets: existing, created: false };
  try {
    await mkdir(dataDir, { recursive: true });
    if (await createExclusive(path, `${generateSecret()}\n`)) {
      await fsyncDir(dataDir);
      return { secrets: (await readSecrets(path)) as string[], created: true };
    }
  } catch (cause) {
    if (cause instanceof SecretFileError) throw cause;
    throw new SecretFileError(`cannot create ${path}`, { cause });
  }
  // Another process (or call) created it first: use theirs.
  const theirs = await readSecrets(path);
  if (theirs === undefined) throw new SecretFileError(`${path} vanished while being created`);
  return { secrets: theirs, created: false };
}

async function readSecrets(path: string): Promise<string[] | undefined> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (cause) {
    if ((cause as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new SecretFileError(`cannot read ${path}`, { cause });
  }
  const secrets = text.split('\n').map((line) => line.trim()).filter((line) => line !== '' && !line.startsWith('#'));
  if (secrets.length === 0) throw new SecretFileError(`${path} holds no key; delete it to have one generated`);
  for (const [i, secret] of secrets.entries()) {
    if (secret.length < MIN_SECRET_LENGTH || /\s/.test(secret)) {
      throw new SecretFileError(`${path}: key ${i + 1} must be at least ${MIN_SECRET_LENGTH} characters without spaces`);
    }
  }
  return secrets;
}

/**
 * Writes `content` to `path` only if nothing is there: a private temp file,
 * fsynced, then hard-linked into place (link, unlike rename, never replaces an
 * existing file). False when `path` already existed.
 */
async function createExclusive(path: string, content: string): Promise<boolean> {
  const temp = `${path}.${randomBytes(6).toString('hex')}.tmp`;
  const handle = await open(temp, 'wx', 0o600);
  try {
    await handle.writeFile(content, 'utf8');
    await handle.datasync();
  } finally {
    await handle.close();
  }
  try {
    await link(temp, path);
    return true;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') return false;
    if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'EOPNOTSUPP') throw error;
    // Filesystems without hard links: rename, with a small window in which a racing creator's key is replaced.
    await rename(temp, path);
    return true;
  } finally {
    await unlink(temp).catch(() => undefined);
  }
}
