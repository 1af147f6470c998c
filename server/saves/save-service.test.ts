import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { makeTempDir, type TempDir } from '../../test/support/temp-dir.ts';
import { createFileSaveStore } from './file-save-store.ts';
import { createMemorySaveStore } from './memory-save-store.ts';
import { createSaveService, saveEtag } from './save-service.ts';
import type { SaveStore } from './save-store.ts';

let dir: TempDir | undefined;
afterEach(async () => {
  await dir?.remove();
  dir = undefined;
});

const adapters: Array<[string, () => Promise<SaveStore>]> = [
  ['memory', async () => createMemorySaveStore()],
  ['file', async () => createFileSaveStore(join((dir = await makeTempDir('branchcast-saves-')).path, 'saves'))],
];

describe.each(adapters)('saves on the %s store', (_name, open) => {
  it('stores, replaces and returns the bytes; If-Match guards a replace', async () => {
    const saves = createSaveService(await open());
    const a = Buffer.from('{"storyVersion":"v","log":[]}');
    const b = Buffer.from('{"storyVersion":"v","log":[1]}');
    expect(await saves.get('st', 'solo-1')).toBeUndefined();
    expect(await saves.put('st', 'solo-1', a, '*')).toEqual({ ok: false, etag: undefined });
    expect(await saves.put('st', 'solo-1', a, undefined)).toEqual({ ok: true, etag: saveEtag(a), created: true });
    expect(await saves.put('st', 'solo-1', b, `"other", ${saveEtag(a)}`)).toEqual({ ok: true, etag: saveEtag(b), created: false });
    expect(await saves.put('st', 'solo-1', a, saveEtag(a))).toEqual({ ok: false, etag: saveEtag(b) });
    expect(await saves.get('st', 'solo-1')).toEqual(b);
    expect(await saves.get('st', 'solo-2')).toBeUndefined();
  });

  it('runs concurrent conditional writes one at a time: only one of two racing If-Match puts wins', async () => {
    const saves = createSaveService(await open());
    const a = Buffer.from('{"storyVersion":"v","log":[]}');
    await saves.put('st', 'solo-1', a, undefined);
    const results = await Promise.all([1, 2].map((n) => saves.put('st', 'solo-1', Buffer.from(`{"storyVersion":"v","log":[${n}]}`), saveEtag(a))));
    expect(results.filter((r) => r.ok)).toHaveLength(1);
  });
});

describe('file saves', () => {
  it('leave no temp files behind and refuse keys that are not plain names', async () => {
    dir = await makeTempDir('branchcast-saves-');
    const store = createFileSaveStore(join(dir.path, 'saves'));
    await store.put('st', 'solo-1', Buffer.from('{}'));
    expect(await readdir(join(dir.path, 'saves', 'st'))).toEqual(['solo-1.json']);
    await expect(store.put('..', 'x', Buffer.from('{}'))).rejects.toThrow(TypeError);
    await expect(store.get('st', '../../etc')).rejects.toThrow(TypeError);
  });
});
