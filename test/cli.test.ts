import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '..');
const bin = path.join(root, 'bin', 'branchcast.js');
const scratch = mkdtempSync(path.join(tmpdir(), 'branchcast-cli-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** Runs the real CLI as a child process, the way users and CI do. */
function run(...args: string[]) {
  const r = spawnSync(process.execPath, [bin, ...args], { cwd: root, encoding: 'utf8', timeout: 60_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function storyFile(name: string, text: string): string {
  const file = path.join(scratch, name);
  writeFileSync(file, text);
  return file;
}

const broken = `{
  "format": "branchcast/story@1", "id": "b", "title": "Broken", "start": "a",
  "nodes": {
    "a": { "media": { "src": "b/a.mpd", "duration": 10 },
           "choice": { "opens": 2, "closes": 8, "mode": "vote", "default": "x",
                       "options": [ { "id": "x", "label": "X", "to": "nowhere" } ] } },
    "z": { "media": { "src": "b/z.mpd", "duration": 5 }, "ending": { "title": "End" } }
  }
}`;

describe('branchcast validate', () => {
  it('exits 0 on every bundled story', () => {
    const r = run('validate', 'stories/demo.json', 'stories/lesson.json', 'stories/stress.json');
    expect(r.stderr).toContain('stories/stress.json: ok');
    expect(r.code).toBe(0);
  });

  it('exits 1 on a broken story and prints file:line:col code message with the path', () => {
    const file = storyFile('broken.json', broken);
    const r = run('validate', file);
    expect(r.code).toBe(1);
    const line = broken.split('\n').findIndex((l) => l.includes('"to": "nowhere"'));
    const column = broken.split('\n')[line]!.indexOf('"to"') + 1;
    expect(r.stdout).toContain(`${file}:${line + 1}:${column} error missing-target option 'x' goes to 'nowhere', which does not exist (at /nodes/a/choice/options/0/to)`);
    expect(r.stdout).toMatch(/unreachable-node .*\(at \/nodes\/z\)/);
  });

  it('--json prints exactly [{file, diagnostics}]', () => {
    const file = storyFile('broken2.json', broken);
    const r = run('validate', '--json', 'stories/demo.json', file);
    expect(r.code).toBe(1);
    const parsed = JSON.parse(r.stdout) as Array<{ file: string; diagnostics: Array<{ code: string; path: string }> }>;
    expect(parsed.map((x) => Object.keys(x))).toEqual([['file', 'diagnostics'], ['file', 'diagnostics']]);
    expect(parsed[0]).toEqual({ file: 'stories/demo.json', diagnostics: [] });
    expect(parsed[1]?.diagnostics.map((d) => [d.code, d.path])).toContainEqual(['missing-target', '/nodes/a/choice/options/0/to']);
  });

  it('reports a parse error with line and column', () => {
    const file = storyFile('syntax.json', '{\n  "format": "branchcast/story@1",\n  "id": oops\n}');
    const r = run('validate', file);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(`${file}:3:9 error parse`);
  });

  it('exits 2 on usage and I/O errors', () => {
    expect(run('validate').code).toBe(2);
    expect(run('validate', path.join(scratch, 'missing.json')).code).toBe(2);
    expect(run('validate', 'stories/demo.json', '--media-root', path.join(scratch, 'nope')).code).toBe(2);
    expect(run('frobnicate').code).toBe(2);
  });

  it('--media-root enables missing-media', () => {
    const media = path.join(scratch, 'media');
    mkdirSync(path.join(media, 'demo', 'intro'), { recursive: true });
    writeFileSync(path.join(media, 'demo', 'intro', 'manifest.mpd'), '<MPD/>');
    const r = run('validate', '--json', '--media-root', media, 'stories/demo.json');
    expect(r.code).toBe(1);
    const [{ diagnostics }] = JSON.parse(r.stdout) as [{ diagnostics: Array<{ code: string; path: string }> }];
    const missing = diagnostics.filter((d) => d.code === 'missing-media').map((d) => d.path);
    expect(missing).toContain('/nodes/vault/media/src');
    expect(missing).not.toContain('/nodes/intro/media/src');
  });

  it('--media-root reads caption files: bad-captions with the line, missing ones as missing-media', () => {
    const media = path.join(scratch, 'media-captions');
    mkdirSync(path.join(media, 'demo', 'intro'), { recursive: true });
    writeFileSync(path.join(media, 'demo', 'intro', 'captions.en.vtt'), 'WEBVTT\n\n00:00.000 --> 00:02.000\nHi\n');
    writeFileSync(path.join(media, 'demo', 'intro', 'captions.fr.vtt'), 'WEBVTT\n\n00:00,000 --> 00:02.000\nSalut\n');
    const r = run('validate', '--json', '--media-root', media, 'stories/demo.json');
    const [{ diagnostics }] = JSON.parse(r.stdout) as [{ diagnostics: Array<{ code: string; path: string; message: string }> }];
    const intro = diagnostics.filter((d) => d.path.startsWith('/nodes/intro/media/captions'));
    expect(intro.map((d) => [d.code, d.path])).toEqual([['bad-captions', '/nodes/intro/media/captions/1/src']]);
    expect(intro[0]?.message).toContain('line 3');
    expect(diagnostics.filter((d) => d.code === 'missing-media').map((d) => d.path)).toContain('/nodes/vault/media/captions/0/src');
  });
});

describe('branchcast compile, graph, paths', () => {
  it('compile prints the machine config as JSON', () => {
    const r = run('compile', 'stories/demo.json');
    expect(r.code).toBe(0);
    const config = JSON.parse(r.stdout) as { id: string; initial: string; states: Record<string, unknown> };
    expect(config.initial).toBe('intro');
    expect(Object.keys(config.states).sort()).toEqual(['caught', 'getaway', 'intro', 'vault', 'walk']);
  });

  it('graph renders mermaid and dot', () => {
    const mermaid = run('graph', 'stories/demo.json', '--format', 'mermaid');
    expect(mermaid.code).toBe(0);
    expect(mermaid.stdout).toMatch(/^flowchart TD/);
    expect(mermaid.stdout).toContain('intro -->|"Walk away [if]"| walk');
    const dot = run('graph', 'stories/demo.json', '--format', 'dot');
    expect(dot.stdout).toContain('"vault" -> "caught" [label="Trip the alarm"];');
    expect(run('graph', 'stories/demo.json', '--format', 'svg').code).toBe(2);
  });

  it('paths lists every ending with a shortest path', () => {
    const r = run('paths', 'stories/demo.json');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('ending walk "Clean hands": intro --walk--> walk');
    expect(r.stdout).toContain('ending caught "Caught": intro --vault--> vault --trip--> caught');
    expect(r.stdout).toContain('ending getaway "Rich": intro --vault--> vault --grab--> getaway');
  });

  it('refuses to compile a broken story', () => {
    const file = storyFile('broken3.json', broken);
    const r = run('compile', file);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('missing-target');
  });
});
