import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { makeTempDir, type TempDir } from '../../test/support/temp-dir.ts';
import { createAuthorRegistry } from './author-registry.ts';
import { createFileAuthorStore } from './author-store.ts';
import { createPrincipalResolver } from './resolve-principal.ts';

let dir: TempDir | undefined;
afterEach(async () => {
  await dir?.remove();
  dir = undefined;
});

describe('author keys', () => {
  it('issues a key once, keeps only its hash, identifies it until revoked, across a restart', async () => {
    dir = await makeTempDir('branchcast-authors-');
    const file = path.join(dir.path, 'authors.json');
    const authors = createAuthorRegistry(createFileAuthorStore(file), () => 5);
    const { author, key } = await authors.create('Ana');
    expect(key).toMatch(/^bca_[A-Za-z0-9_-]{43}$/);
    expect(await readFile(file, 'utf8')).not.toContain(key);
    const again = createAuthorRegistry(createFileAuthorStore(file), () => 6);
    expect(await again.identify(key)).toEqual(author);
    expect(await again.identify(`${key}x`)).toBeUndefined();
    expect(await again.revoke(author.id)).toBe(true);
    expect(await again.revoke(author.id)).toBe(false);
    expect(await again.identify(key)).toBeUndefined();
    expect(await again.list()).toEqual([{ ...author, revokedAt: 6 }]);
  });

  it('resolves a request to operator, author, anonymous or unknown', async () => {
    dir = await makeTempDir('branchcast-authors-');
    const authors = createAuthorRegistry(createFileAuthorStore(path.join(dir.path, 'authors.json')), () => 1);
    const { author, key } = await authors.create('Ben');
    const resolve = createPrincipalResolver('op-key', authors);
    expect(await resolve('Bearer op-key')).toEqual({ kind: 'operator' });
    expect(await resolve(`Bearer ${key}`)).toEqual({ kind: 'author', id: author.id, name: 'Ben' });
    expect(await resolve(undefined)).toEqual({ kind: 'anonymous' });
    expect(await resolve('Bearer bca_wrong')).toEqual({ kind: 'unknown' });
    expect(await resolve('Basic abc')).toEqual({ kind: 'unknown' });
  });
});
