import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { AuthorRecord, AuthorStore } from './author-store.ts';

/** An author as the API shows it: no key, no hash. */
export interface Author {
  id: string;
  name: string;
  createdAt: number;
  revokedAt?: number;
}

export interface AuthorRegistry {
  /** A new author and their key; the key is shown this once and only its hash is kept. */
  create(name: string): Promise<{ author: Author; key: string }>;
  /** Every author, revoked ones included, oldest first. */
  list(): Promise<Author[]>;
  get(id: string): Promise<Author | undefined>;
  /** Revokes an active author's key; false when there is no such active author. */
  revoke(id: string): Promise<boolean>;
  /** The active author holding `key`, compared in constant time against every stored hash. */
  identify(key: string): Promise<Author | undefined>;
}

const digest = (key: string): Buffer => createHash('sha256').update(key, 'utf8').digest();

function publicView(record: AuthorRecord): Author {
  return { id: record.id, name: record.name, createdAt: record.createdAt, ...(record.revokedAt === undefined ? {} : { revokedAt: record.revokedAt }) };
}

/**
 * Author keys (issue 16): issued by the operator, `bca_` + 32 random bytes
 * (base64url). Records load from the store on first use; changes are written
 * one at a time.
 */
export function createAuthorRegistry(store: AuthorStore, now: () => number): AuthorRegistry {
  let loaded: Promise<AuthorRecord[]> | undefined;
  let writes: Promise<unknown> = Promise.resolve();
  const records = (): Promise<AuthorRecord[]> => (loaded ??= store.load());
  /** Runs a change after the previous one, on the loaded records, then persists them. */
  const change = <T>(task: (all: AuthorRecord[]) => T): Promise<T> => {
    const run = writes.then(async () => {
      const all = await records();
      const result = task(all);
      await store.save(all);
      return result;
    });
    writes = run.catch(() => undefined);
    return run;
  };
  return {
    create: (name) =>
      change((all) => {
        const key = `bca_${randomBytes(32).toString('base64url')}`;
        const record: AuthorRecord = { id: `au-${randomBytes(9).toString('base64url')}`, name, keyHash: digest(key).toString('hex'), createdAt: now() };
        all.push(record);
        return { author: publicView(record), key };
      }),
    list: async () => (await records()).map(publicView),
    get: async (id) => {
      const found = (await records()).find((r) => r.id === id);
      return found && publicView(found);
    },
    revoke: (id) =>
      change((all) => {
        const found = all.find((r) => r.id === id && r.revokedAt === undefined);
        if (found) found.revokedAt = now();
        return found !== undefined;
      }),
    async identify(key) {
      const presented = digest(key);
      let match: AuthorRecord | undefined;
      // Every active hash is compared, without stopping early, so timing says nothing about which matched.
      for (const record of await records()) {
        const stored = Buffer.from(record.keyHash, 'hex');
        const equal = stored.length === presented.length && timingSafeEqual(stored, presented);
        if (equal && record.revokedAt === undefined) match = record;
      }
      return match && publicView(match);
    },
  };
}
