import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CaptionsArgError, placeCaptions, readCaptionArgs } from './package-captions.ts';

const VTT = 'WEBVTT\n\n00:00.000 --> 00:02.000\nHi\n';
let dir: string;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'branchcast-captions-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('--captions', () => {
  it('reads LANG=FILE values and places them as captions.<lang>.vtt', async () => {
    await writeFile(join(dir, 'talk.en.vtt'), VTT);
    await writeFile(join(dir, 'talk.fr.vtt'), VTT.replace('Hi', 'Salut'));
    const files = await readCaptionArgs(['en=talk.en.vtt', 'fr=talk.fr.vtt'], dir);
    expect(await placeCaptions(dir, files)).toEqual(['captions.en.vtt', 'captions.fr.vtt']);
    expect(await readFile(join(dir, 'captions.fr.vtt'), 'utf8')).toContain('Salut');
    expect((await readdir(dir)).filter((f) => f.includes('partial'))).toEqual([]);
  });

  it('refuses bad values before anything is encoded', async () => {
    await writeFile(join(dir, 'bad.vtt'), '00:00.000 --> 00:02.000\nHi\n');
    await writeFile(join(dir, 'ok.vtt'), VTT);
    for (const [value, message] of [
      [['talk.vtt'], 'expected LANG=FILE'],
      [['english!=ok.vtt'], 'expected LANG=FILE'],
      [['en=missing.vtt'], 'cannot read'],
      [['en=bad.vtt'], "line 1: missing the 'WEBVTT' header"],
      [['en=ok.vtt', 'EN=ok.vtt'], 'given twice'],
    ] as const) {
      await expect(readCaptionArgs(value, dir)).rejects.toThrow(CaptionsArgError);
      await expect(readCaptionArgs(value, dir)).rejects.toThrow(message);
    }
  });
});
