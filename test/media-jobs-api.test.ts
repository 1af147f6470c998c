/**
 * Packaging over HTTP against a real `branchcast serve` and real ffmpeg: a
 * real tus-js-client upload, POST /api/stories/:id/nodes/:node/media, the job
 * polled at GET /api/jobs/:id until done (its progress seen moving), then the
 * manifest served and its keyframes on the node's cues; a garbage upload
 * fails with a typed error; the refusals (401, 404, 409, 422, 503) are typed.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { probeKeyframeTimes } from '../server/packaging/ffmpeg-probe.ts';
import { runFfmpegTool } from '../server/packaging/ffmpeg-run.ts';
import { ffmpegTools } from '../server/packaging/ffmpeg-tools.ts';
import { adminKeyFrom } from './support/rooms-api.ts';
import { startServerProcess, type ServerProcess } from './support/server-process.ts';
import { makeTempDir, type TempDir } from './support/temp-dir.ts';
import { tusUpload } from './support/tus-upload.ts';

const tools = ffmpegTools();
let tmp: TempDir;
let server: ServerProcess;
let mediaDir: string;
let dataDir: string;
let clip: string;
let garbage: string;

interface JobBody {
  id: string;
  state: 'queued' | 'running' | 'done' | 'failed';
  progress: number;
  src: string;
  duration?: number | null;
  warnings?: string[];
  error?: string;
  errorCode?: string;
}

const operator = (): Record<string, string> => ({ Authorization: `Bearer ${adminKeyFrom(server.output())}` });


const upload = (path: string): Promise<string> => tusUpload(server.url, path, adminKeyFrom(server.output()));

function postMedia(story: string, node: string, body: unknown, headers: Record<string, string> = operator()): Promise<Response> {
  return fetch(`${server.url}/api/stories/${story}/nodes/${node}/media`, { method: 'POST', headers: { 'Content-Type': 'application/json', ...headers }, body: JSON.stringify(body) });
}

/** Polls the job every 50 ms until it has finished, recording every progress it reported while running. */
async function follow(id: string, timeoutMs = 90_000): Promise<{ job: JobBody; running: number[] }> {
  const running: number[] = [];
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const res = await fetch(`${server.url}/api/jobs/${id}`, { headers: operator() });
    expect(res.status).toBe(200);
    const job = (await res.json()) as JobBody;
    if (job.state === 'running') running.push(job.progress);
    if (job.state === 'done' || job.state === 'failed') return { job, running };
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`job ${id} did not finish within ${timeoutMs} ms`);
}

beforeAll(async () => {
  tmp = await makeTempDir('branchcast-media-jobs-');
  dataDir = join(tmp.path, 'data');
  mediaDir = join(tmp.path, 'media');
  const storiesDir = join(tmp.path, 'stories');
  await mkdir(storiesDir);
  await writeFile(join(storiesDir, 'take.json'), JSON.stringify({
    format: 'branchcast/story@1', id: 'take', title: 'Take', start: 'scene',
    nodes: {
      scene: {
        media: { src: 'take/scene/manifest.mpd', duration: 12 },
        quizzes: [{ id: 'q', prompt: 'Which?', options: ['a', 'b'], answer: 0, opens: 1.5, closes: 4.5 }],
        next: 'end',
      },
      end: { media: { src: 'take/end/manifest.mpd', duration: 2 }, ending: { title: 'End' } },
    },
  }));
  // 720p, so the encode lasts long enough for several progress reports (ffmpeg sends one every 0.5 s).
  clip = join(tmp.path, 'take.mp4');
  await runFfmpegTool(tools.ffmpeg, [
    '-hide_banner', '-loglevel', 'error', '-f', 'lavfi', '-i', 'testsrc2=s=1280x720:r=30:d=12',
    '-f', 'lavfi', '-i', 'sine=d=12', '-c:v', 'libx264', '-preset', 'ultrafast', '-c:a', 'aac', '-shortest', clip,
  ]);
  garbage = join(tmp.path, 'garbage.bin');
  await writeFile(garbage, randomBytes(64 * 1024));
  server = await startServerProcess({ args: ['--data', dataDir, '--media', mediaDir, '--stories', storiesDir], env: { MEDIA_JOBS_MAX_QUEUED: '1' } });
}, 90_000);

afterAll(async () => {
  await server?.stop();
  await tmp?.remove();
});

describe('POST /api/stories/:id/nodes/:node/media', () => {
  it('refuses without the operator key (401), and names unknown stories and nodes (404)', async () => {
    const noKey = await postMedia('take', 'scene', { upload: 'AAAAAAAAAAAAAAAAAAAAAA' }, {});
    expect(noKey.status).toBe(401);
    expect(noKey.headers.get('www-authenticate')).toBe('Bearer');
    expect((await (await postMedia('take', 'scene', { upload: 'x' }, { Authorization: 'Bearer wrong' })).json())).toMatchObject({ error: { code: 'unauthorized' } });
    const story = await postMedia('nope', 'scene', { upload: 'AAAAAAAAAAAAAAAAAAAAAA' });
    expect([story.status, await story.json()]).toEqual([404, { error: { code: 'not-found', message: 'no such story' } }]);
    const node = await postMedia('take', 'nope', { upload: 'AAAAAAAAAAAAAAAAAAAAAA' });
    expect([node.status, await node.json()]).toEqual([404, { error: { code: 'not-found', message: 'no such node' } }]);
    expect((await postMedia('take', '__proto__', { upload: 'AAAAAAAAAAAAAAAAAAAAAA' })).status).toBe(404);
  });

  it('answers a bad body 400 and an unknown upload 422, typed', async () => {
    for (const body of [{}, { upload: 7 }, { upload: 'x', force: true }, { upload: 'x', replace: 'yes' }, [1], 'text']) {
      const res = await postMedia('take', 'scene', body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe('invalid');
    }
    const unknown = await postMedia('take', 'scene', { upload: 'AAAAAAAAAAAAAAAAAAAAAA' });
    expect([unknown.status, await unknown.json()]).toEqual([422, { error: { code: 'unknown-upload', message: "no upload 'AAAAAAAAAAAAAAAAAAAAAA'" } }]);
  });

  it("packages an upload into the node's folder: progress moves, then the manifest is served with keyframes on the cues", async () => {
    const url = await upload(clip);
    const res = await postMedia('take', 'scene', { upload: url });
    expect(res.status).toBe(202);
    const posted = (await res.json()) as Omit<JobBody, 'id'> & { job: string };
    expect(res.headers.get('location')).toBe(`/api/jobs/${posted.job}`);
    expect(posted).toMatchObject({ job: expect.stringMatching(/^[A-Za-z0-9_-]{22}$/), story: 'take', node: 'scene', state: expect.stringMatching(/^(queued|running)$/), src: 'take/scene/manifest.mpd' });

    const { job: done, running } = await follow(posted.job);
    expect(done).toMatchObject({ state: 'done', progress: 1, src: 'take/scene/manifest.mpd', warnings: [] });
    expect(done.duration).toBeCloseTo(12, 1);
    expect(running.some((p) => p > 0 && p < 1), `progress while running: ${running}`).toBe(true);
    expect(new Set([...running, 1]).size, `progress while running: ${running}`).toBeGreaterThanOrEqual(2);
    expect(running).toEqual([...running].sort((a, b) => a - b));

    const served = await fetch(`${server.url}/media/${done.src}`);
    expect(served.status).toBe(200);
    expect(await served.text()).toContain('<MPD');
    const keyframes = await probeKeyframeTimes(tools, join(mediaDir, 'take', 'scene', 'manifest.mpd'));
    for (const t of [0, 1.5, 2, 4, 4.5, 6, 10]) expect(keyframes.some((k) => Math.abs(k - t) < 0.017), `keyframe at ${t}: ${keyframes}`).toBe(true);

    const probe = await fetch(`${server.url}/api/media/probe?src=${encodeURIComponent(done.src)}`, { headers: operator() });
    expect(probe.status).toBe(200);
    const probed = (await probe.json()) as { src: string; duration: number; video: { width: number } };
    expect(probed.src).toBe('take/scene/manifest.mpd');
    expect(probed.duration).toBeCloseTo(12, 0);
    expect(probed.video.width).toBe(1280);

    // The node has media now: replacing it takes "replace": true.
    const again = await postMedia('take', 'scene', { upload: url });
    expect([again.status, ((await again.json()) as { error: { code: string } }).error.code]).toEqual([409, 'media-exists']);
  });

  it('a garbage upload fails with a typed error that names no server path', async () => {
    const res = await postMedia('take', 'end', { upload: await upload(garbage) });
    expect(res.status).toBe(202);
    const { job } = await follow(((await res.json()) as { job: string }).job);
    expect(job.state).toBe('failed');
    expect(job.errorCode).toBe('unreadable-media');
    expect(job.error).toMatch(/^the upload is not media ffmpeg can read \(ffprobe exited with code 1: .*Invalid data found when processing input\)$/);
    expect(job.error).not.toContain(tmp.path);
  });

  it('keeps one job running and at most MEDIA_JOBS_MAX_QUEUED waiting: past that, 503 busy', async () => {
    const [good, bad] = await Promise.all([upload(clip), upload(garbage)]);
    const first = await postMedia('take', 'scene', { upload: good, replace: true });
    const second = await postMedia('take', 'end', { upload: bad });
    const third = await postMedia('take', 'end', { upload: bad });
    expect([first.status, second.status]).toEqual([202, 202]);
    expect(third.status).toBe(503);
    expect(third.headers.get('retry-after')).toBe('10');
    expect(((await third.json()) as { error: { code: string } }).error.code).toBe('busy');
    const [a, b] = await Promise.all([first, second].map(async (r) => (await follow(((await r.json()) as { job: string }).job)).job));
    expect([a?.state, b?.state]).toEqual(['done', 'failed']);
  });
});

describe('GET /api/jobs/:id and /api/media/probe', () => {
  it('answers unknown jobs 404, and probes only with the key, inside the media root', async () => {
    expect((await fetch(`${server.url}/api/jobs/AAAAAAAAAAAAAAAAAAAAAA`, { headers: operator() })).status).toBe(404);
    const probe = (src: string, headers = operator()) => fetch(`${server.url}/api/media/probe?src=${encodeURIComponent(src)}`, { headers });
    expect((await probe('take/scene/manifest.mpd', {})).status).toBe(401);
    for (const [src, status] of [['../etc/passwd', 400], ['take/../../x', 400], ['/etc/passwd', 400], ['take/nope.mpd', 404], ['', 400]] as const) {
      expect((await probe(src)).status, src).toBe(status);
    }
    await writeFile(join(mediaDir, 'take', 'notes.txt'), 'not media');
    const unreadable = await probe('take/notes.txt');
    expect([unreadable.status, ((await unreadable.json()) as { error: { code: string } }).error.code]).toEqual([422, 'unreadable']);
  });
});
