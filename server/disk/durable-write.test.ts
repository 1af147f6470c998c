import { mkdir, readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isTempFileName, writeFileAtomic } from './durable-write.ts';
import { makeTempDir, type TempDir } from '../../test/support/temp-dir.ts';

let temp: TempDir;
let dir: string;
beforeEach(async () => {
  temp = await makeTempDir('durable-write-');
  dir = temp.path;
});
afterEach(async () => {
  await temp.remove();
});

describe('writeFileAtomic', () => {
  it('writes text, bytes and chunks back to back, replacing what was there', async () => {
    const path = join(dir, 'f');
    await writeFileAtomic(path, 'héllo');
    expect(await readFile(path, 'utf8')).toBe('héllo');
    await writeFileAtomic(path, new Uint8Array([1, 2, 3]));
    expect([...(await readFile(path))]).toEqual([1, 2, 3]);
    const big = new Uint8Array(3 << 20).fill(7);
    await writeFileAtomic(path, [new Uint8Array([9]), big.subarray(1, 1 << 20), new Uint8Array(0), big]);
    const read = await readFile(path);
    expect(read.length).toBe(1 + (1 << 20) - 1 + (3 << 20));
    expect(read[0]).toBe(9);
    expect(read.subarray(1).every((byte) => byte === 7)).toBe(true);
    expect(await readdir(dir)).toEqual(['f']);
  });

  it('gives concurrent writers of one file each its own temp file: one whole content wins', async () => {
    const path = join(dir, 'f');
    const contents = Array.from({ length: 20 }, (_, i) => String(i).repeat(50_000));
    await Promise.all(contents.map((content) => writeFileAtomic(path, content)));
    expect(contents).toContain(await readFile(path, 'utf8'));
    expect(await readdir(dir)).toEqual(['f']);
  });

  it('leaves the target and no temp file behind when the rename fails', async () => {
    const path = join(dir, 'taken');
    await mkdir(join(path, 'inside'), { recursive: true });
    await expect(writeFileAtomic(path, 'x')).rejects.toThrow();
    expect(await readdir(dir)).toEqual(['taken']);
    expect((await stat(path)).isDirectory()).toBe(true);
  });

  it('creates the file with the mode asked for', async () => {
    const path = join(dir, 'secret');
    await writeFileAtomic(path, 'k', 0o600);
    expect((await stat(path)).mode & 0o777).toBe(0o600);
  });
});

describe('isTempFileName', () => {
  it('knows the temp names writeFileAtomic makes, and nothing else', () => {
    expect(isTempFileName('.snapshot.bin.0a1b2c3d4e5f.tmp')).toBe(true);
    expect(isTempFileName('snapshot.bin')).toBe(false);
    expect(isTempFileName('abc.info.tmp')).toBe(false);
    expect(isTempFileName('.hidden')).toBe(false);
  });
});
