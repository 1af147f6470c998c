import { appendFile, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { SOLO_ACTOR, type SoloInput } from '../../engine/solo/index.ts';
import { makeTempDir, type TempDir } from '../../test/support/temp-dir.ts';
import { createFilePlayStore } from './file-play-store.ts';
import { createMemoryPlayStore } from './memory-play-store.ts';
import type { PlayHeader, PlayStore } from './play-store.ts';

const header: PlayHeader = { story: 'st', play: 'play-0001', storyVersion: 'v1', receivedAt: 1_700_000_000_000, clockOffset: 1_699_999_990_000 };
const tick = (t: number): SoloInput => ({ type: 'tick', t });
const play: SoloInput = { type: 'command', t: 1, actor: { ...SOLO_ACTOR }, id: 's1', command: { type: 'play' } };

let dir: TempDir | undefined;
afterEach(async () => {
  await dir?.remove();
  dir = undefined;
});

const adapters: Array<[string, () => Promise<PlayStore>]> = [
  ['memory', async () => createMemoryPlayStore()],
  ['file', async () => createFilePlayStore(join((dir = await makeTempDir('branchcast-plays-')).path, 'plays'))],
];

describe.each(adapters)('%s play store', (_name, open) => {
  it('creates a play with its header, appends in order, lists and reads it back', async () => {
    const store = await open();
    expect(await store.read('st', 'play-0001')).toBeUndefined();
    expect(await store.list('st')).toEqual([]);
    await store.append(header, [play, tick(2)]);
    await store.append(header, [tick(3)]);
    await store.append({ ...header, play: 'play-0002' }, [tick(9)]);
    const found = await store.read('st', 'play-0001');
    expect(found).toMatchObject({ header, inputs: [play, tick(2), tick(3)] });
    expect(found!.bytes).toBeGreaterThan(0);
    expect((await store.list('st')).sort()).toEqual(['play-0001', 'play-0002']);
    expect(await store.list('other')).toEqual([]);
    await store.close();
  });
});

describe('file play store', () => {
  it('ignores a torn last line after a crash, and the next append overwrites it', async () => {
    dir = await makeTempDir('branchcast-plays-');
    const root = join(dir.path, 'plays');
    const file = join(root, 'st', 'play-0001.ndjson');
    await createFilePlayStore(root).append(header, [play, tick(2)]);
    await appendFile(file, '[{"type":"tick","t":3},{"ty');
    // A fresh store (a restart) sees only whole batches.
    const restarted = createFilePlayStore(root);
    const read = await restarted.read('st', 'play-0001');
    expect(read?.inputs).toEqual([play, tick(2)]);
    await restarted.append(header, [tick(4)]);
    expect((await createFilePlayStore(root).read('st', 'play-0001'))?.inputs).toEqual([play, tick(2), tick(4)]);
    expect((await readFile(file, 'utf8')).split('\n')).toHaveLength(4);
  });

  it('a torn header is no play, and the next append starts it again', async () => {
    dir = await makeTempDir('branchcast-plays-');
    const root = join(dir.path, 'plays');
    await createFilePlayStore(root).append(header, [tick(1)]);
    await writeFile(join(root, 'st', 'play-0001.ndjson'), '{"story":"st","pl');
    const store = createFilePlayStore(root);
    expect(await store.read('st', 'play-0001')).toBeUndefined();
    await store.append(header, [tick(5)]);
    expect((await store.read('st', 'play-0001'))?.inputs).toEqual([tick(5)]);
  });

  it('refuses keys that are not plain names, and lists nothing for them', async () => {
    dir = await makeTempDir('branchcast-plays-');
    const store = createFilePlayStore(join(dir.path, 'plays'));
    await expect(store.append({ ...header, story: '..' }, [tick(1)])).rejects.toThrow(TypeError);
    await expect(store.read('st', '../x')).rejects.toThrow(TypeError);
    expect(await store.list('../..')).toEqual([]);
  });
});
