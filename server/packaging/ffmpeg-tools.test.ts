import { chmod, mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTempDir, type TempDir } from '../../test/support/temp-dir.ts';
import { ffmpegTools, findOnPath } from './ffmpeg-tools.ts';

let tmp: TempDir;
let bin: string;
beforeAll(async () => {
  tmp = await makeTempDir('branchcast-ffmpeg-tools-');
  bin = join(tmp.path, 'bin');
  await mkdir(bin);
  for (const name of ['ffmpeg', 'ffprobe']) {
    await writeFile(join(bin, name), '#!/bin/sh\n');
    await chmod(join(bin, name), 0o755);
  }
  await writeFile(join(tmp.path, 'ffmpeg'), 'not executable');
});
afterAll(() => tmp.remove());

describe('ffmpegTools', () => {
  it('takes FFMPEG_PATH first, with ffprobe from the same folder', () => {
    expect(ffmpegTools({ FFMPEG_PATH: '/opt/ff/bin/ffmpeg', PATH: bin })).toEqual({
      ffmpeg: '/opt/ff/bin/ffmpeg', ffprobe: '/opt/ff/bin/ffprobe', source: { ffmpeg: 'env', ffprobe: 'env' },
    });
  });

  it('prefers the system binaries on PATH over the npm-shipped ones', () => {
    expect(ffmpegTools({ PATH: `${tmp.path}:${bin}` })).toEqual({
      ffmpeg: join(bin, 'ffmpeg'), ffprobe: join(bin, 'ffprobe'), source: { ffmpeg: 'system', ffprobe: 'system' },
    });
  });

  it('falls back to the static builds from npm when PATH has none', () => {
    const tools = ffmpegTools({ PATH: tmp.path });
    expect(tools.source).toEqual({ ffmpeg: 'npm', ffprobe: 'npm' });
    expect(tools.ffmpeg).toMatch(/node_modules\/@ffmpeg-installer\/[^/]+\/ffmpeg$/);
    expect(tools.ffprobe).toMatch(/node_modules\/@ffprobe-installer\/[^/]+\/ffprobe$/);
  });
});

describe('findOnPath', () => {
  it('skips empty entries and files that are not executable, like `command -v`', () => {
    expect(findOnPath('ffmpeg', `::${tmp.path}:${bin}`)).toBe(join(bin, 'ffmpeg'));
    expect(findOnPath('ffmpeg', tmp.path)).toBeUndefined();
  });
});
