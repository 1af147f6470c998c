import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli, runCliInProcess } from './support/cli.ts';

const scratch = mkdtempSync(path.join(tmpdir(), 'branchcast-import-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));
const file = (name: string, text: string) => {
  const p = path.join(scratch, name);
  writeFileSync(p, text);
  return p;
};
const clean = file('clean.twee', ':: StoryTitle\nClean\n\n:: Start\n<<set $n to 1>>\n<<if $n is 1>>[[Win]]<</if>>\n[[Lose]]\n\n:: Win\n\n:: Lose\n');

describe('branchcast import', () => {
  it('exits 0 on a story that maps fully, printing the story on stdout and the media list on stderr', async () => {
    const r = await runCliInProcess(['import', clean]);
    expect(r.code).toBe(0);
    const story = JSON.parse(r.stdout) as { id: string; nodes: Record<string, unknown> };
    expect(story.id).toBe('clean');
    expect(Object.keys(story.nodes)).toEqual(['start', 'win', 'lose']);
    expect(r.stderr).toContain(`${clean}:4:1 warning placeholder-media node 'start' needs media`);
    expect(r.stderr).toContain('3 node(s), 0 error(s), 3 warning(s); 3 node(s) need media: start, win, lose');
  });

  it('exits 1 when something does not map, still writing the story to --out, and the result validates', async () => {
    const out = path.join(scratch, 'lock.json');
    const r = await runCliInProcess(['import', 'stories/twine/lock-and-key-sugarcube.twee', '--out', out, '--mode', 'vote']);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain("stories/twine/lock-and-key-sugarcube.twee:14:5 error unmapped-macro passage 'Back Room'");
    const story = JSON.parse(readFileSync(out, 'utf8')) as { nodes: Record<string, { choice?: { mode: string } }> };
    expect(story.nodes.start!.choice!.mode).toBe('vote');
    expect((await runCliInProcess(['validate', out])).code).toBe(0);
  });

  it('--json prints [{file, diagnostics}] like validate --json', async () => {
    const out = path.join(scratch, 'h.json');
    const r = await runCliInProcess(['import', '--json', '--out', out, 'stories/twine/lock-and-key-harlowe.twee']);
    expect(r.code).toBe(1);
    const parsed = JSON.parse(r.stdout) as Array<{ file: string; diagnostics: Array<{ code: string; line?: number; passage?: string }> }>;
    expect(parsed.map((x) => Object.keys(x))).toEqual([['file', 'diagnostics']]);
    expect(parsed[0]!.diagnostics.filter((d) => d.code !== 'placeholder-media').map((d) => [d.code, d.passage, d.line])).toEqual([['unmapped-macro', 'Back Room', 25]]);
  });

  it('exits 2 on usage and I/O errors', async () => {
    expect((await runCliInProcess(['import'])).code).toBe(2);
    expect((await runCliInProcess(['import', clean, '--json'])).code).toBe(2);
    expect((await runCliInProcess(['import', clean, '--mode', 'poll'])).code).toBe(2);
    const missing = await runCliInProcess(['import', path.join(scratch, 'nope.twee')]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('cannot read');
    expect((await runCliInProcess(['import', clean, '--out', path.join(scratch, 'no', 'dir.json')])).code).toBe(2);
  });

  it('exits 1 with nothing on stdout for a file with no passage', async () => {
    const r = await runCliInProcess(['import', file('prose.twee', 'no headers here')]);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
  });

  it('runs from the installed bin', async () => {
    const r = await runCli(['import', clean]);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ format: 'branchcast/story@1', start: 'start' });
  });
});
