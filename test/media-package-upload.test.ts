/**
 * The path from an author's upload to a story's media folder: a real tus
 * client uploads a clip to a real `branchcast serve`, then
 * `branchcast media package --upload URL --story … --node …` packages it into
 * that node's folder with the node's cue keyframes.
 */
import { readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { probeKeyframeTimes, probeMedia } from '../server/packaging/ffmpeg-probe.ts';
import { runFfmpegTool } from '../server/packaging/ffmpeg-run.ts';
import { ffmpegTools } from '../server/packaging/ffmpeg-tools.ts';
import { adminKeyFrom } from './support/rooms-api.ts';
import { startServerProcess, type ServerProcess } from './support/server-process.ts';
import { makeTempDir, type TempDir } from './support/temp-dir.ts';
import { runCli as cli, runCliInProcess as cliInProcess } from './support/cli.ts';
import { tusUpload } from './support/tus-upload.ts';

const tools = ffmpegTools();

let tmp: TempDir;
let server: ServerProcess;
let dataDir: string;
let mediaDir: string;
let storyPath: string;



/** Creating an upload needs the operator key the (loopback) server printed. */
const operator = (): Record<string, string> => ({ Authorization: `Bearer ${adminKeyFrom(server.output())}` });


beforeAll(async () => {
  tmp = await makeTempDir('branchcast-upload-package-');
  dataDir = join(tmp.path, 'data');
  mediaDir = join(tmp.path, 'media');
  storyPath = join(tmp.path, 'story.json');
  await writeFile(storyPath, JSON.stringify({
    format: 'branchcast/story@1', id: 'take', title: 'Take', start: 'scene',
    nodes: {
      scene: {
        media: { src: 'take/scene/manifest.mpd', duration: 6 },
        quizzes: [{ id: 'q', prompt: 'Which?', options: ['a', 'b'], answer: 0, opens: 1.5, closes: 4.5 }],
        next: 'end',
      },
      end: { media: { src: 'take/end/manifest.mpd', duration: 2 }, ending: { title: 'End' } },
    },
  }));
  server = await startServerProcess({ args: ['--data', dataDir, '--media', mediaDir] });
});

afterAll(async () => {
  await server?.stop();
  await tmp?.remove();
});

describe('packaging a finished tus upload', () => {
  it("packages it into the story node's media folder, keyframes on the node's cues", async () => {
    const clip = join(tmp.path, 'take1.mp4');
    await runFfmpegTool(tools.ffmpeg, [
      '-hide_banner', '-loglevel', 'error', '-f', 'lavfi', '-i', 'testsrc2=s=320x180:r=30:d=6',
      '-f', 'lavfi', '-i', 'sine=d=6', '-c:v', 'libx264', '-preset', 'ultrafast', '-c:a', 'aac', '-shortest', clip,
    ]);
    const url = await tusUpload(server.url, clip, adminKeyFrom(server.output()), 256 * 1024);
    expect(url).toMatch(/\/uploads\/[A-Za-z0-9_-]{22}$/);

    const result = await cli(['media', 'package', '--upload', url, '--data', dataDir, '--story', storyPath, '--node', 'scene', '--media', mediaDir]);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(`packaged upload ${url}`);

    const manifest = join(mediaDir, 'take', 'scene', 'manifest.mpd');
    expect(await readdir(join(mediaDir, 'take', 'scene'))).toContain('manifest.mpd');
    expect((await probeMedia(tools, manifest)).duration).toBeCloseTo(6, 1);
    const keyframes = await probeKeyframeTimes(tools, manifest);
    // 30 fps: frames every 1/30 s, so 1.5 and 4.5 are frame-exact.
    for (const t of [0, 1.5, 2, 4, 4.5]) expect(keyframes.some((k) => Math.abs(k - t) < 0.017), `keyframe at ${t}: ${keyframes}`).toBe(true);

    // The server serves the result right away.
    const served = await fetch(`${server.url}/media/take/scene/manifest.mpd`);
    expect(served.status).toBe(200);
    expect(await served.text()).toContain('<MPD');
  });

  it('refuses an unfinished upload and says how far it got', async () => {
    const created = await fetch(`${server.url}/uploads/`, { method: 'POST', headers: { 'Tus-Resumable': '1.0.0', ...operator(), 'Upload-Length': '1000' } });
    expect(created.status).toBe(201);
    const location = created.headers.get('Location') ?? '';
    const id = location.slice(location.lastIndexOf('/') + 1);

    const result = await cliInProcess(['media', 'package', '--upload', id, '--data', dataDir, '--out', join(tmp.path, 'never')]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`upload ${id} is incomplete (0 of 1000 bytes, 0%)`);

    const unknown = await cliInProcess(['media', 'package', '--upload', 'AAAAAAAAAAAAAAAAAAAAAA', '--data', dataDir, '--out', join(tmp.path, 'never')]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain("no upload 'AAAAAAAAAAAAAAAAAAAAAA'");
  });
});
