import { mkdir, readFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { writeFileAtomic } from '../disk/durable-write.ts';

/** An author as stored: never the key itself, only its SHA-256 (hex). */
export interface AuthorRecord {
  id: string;
  name: string;
  keyHash: string;
  /** Epoch ms. */
  createdAt: number;
  /** Epoch ms; a revoked author's key opens nothing. */
  revokedAt?: number;
}

/** Where author records live. Adapters: the file below (the data directory) and memory (tests). */
export interface AuthorStore {
  load(): Promise<AuthorRecord[]>;
  /** Replaces every record; resolves once durable. */
  save(records: readonly AuthorRecord[]): Promise<void>;
}

/** `<dataDir>/authors.json`, replaced atomically and durably on every change (a handful of authors, rarely changed). */
export function createFileAuthorStore(file: string): AuthorStore {
  return {
    async load() {
      let text: string;
      try {
        text = await readFile(file, 'utf8');
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
        throw error;
      }
      const value = JSON.parse(text) as { authors?: unknown };
      return Array.isArray(value.authors) ? (value.authors as AuthorRecord[]) : [];
    },
    async save(records) {
      await mkdir(dirname(file), { recursive: true });
      await writeFileAtomic(file, [Buffer.from(JSON.stringify({ authors: records }))]);
    },
  };
}

export function createMemoryAuthorStore(): AuthorStore {
  let saved = '[]';
  return {
    load: async () => JSON.parse(saved) as AuthorRecord[],
    save: async (records) => {
      saved = JSON.stringify(records);
    },
  };
}
