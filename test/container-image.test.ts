/**
 * Builds the Dockerfile and runs the image: /healthz answers, Docker's own
 * HEALTHCHECK turns healthy, the server runs as a non-root user with ffmpeg
 * and ffprobe, and without BRANCHCAST_ADMIN_KEY it refuses to start.
 * Needs a container engine and the base image (local or pullable); without
 * them it is skipped with the reason printed. test/container-files.test.ts
 * checks the Dockerfile and compose.yaml as text, engine or not.
 */
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { docker, dockerOk, probeContainerEngine } from './support/container-engine.ts';

const BASE_IMAGE = 'node:20-bookworm-slim';
const REPO = fileURLToPath(new URL('..', import.meta.url));
const engine = probeContainerEngine(BASE_IMAGE);
if (!engine.available) console.log(`container-image.test.ts: skipped, ${engine.reason}`);

const tag = `branchcast-test:${randomBytes(4).toString('hex')}`;
const containers: string[] = [];

afterAll(async () => {
  if (!engine.available) return;
  for (const id of containers) await docker(['rm', '--force', id]);
  await docker(['rmi', '--force', tag]);
});

/** Polls `probe` every 500 ms until it returns a value, for at most `ms`. */
async function waitFor<T>(what: string, ms: number, probe: () => Promise<T | undefined>): Promise<T> {
  const deadline = Date.now() + ms;
  for (let attempt = 0; Date.now() < deadline && attempt < 1000; attempt++) {
    const value = await probe().catch(() => undefined);
    if (value !== undefined) return value;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  throw new Error(`timed out after ${ms} ms waiting for ${what}`);
}

describe.skipIf(!engine.available)('the container image', () => {
  it('builds, serves /healthz as a non-root user with ffmpeg, and becomes healthy', { timeout: 15 * 60_000 }, async () => {
    await dockerOk(['build', '--tag', tag, REPO], 12 * 60_000);

    // Published on loopback only, on a port the engine picks; checked every 2 s instead of 15.
    const id = await dockerOk(['run', '--detach', '--env', `BRANCHCAST_ADMIN_KEY=${randomBytes(16).toString('hex')}`, '--publish', '127.0.0.1::8080', '--health-interval', '2s', '--health-start-period', '30s', tag]);
    containers.push(id);
    const hostPort = (await dockerOk(['port', id, '8080/tcp'])).split('\n')[0] ?? '';
    const health = await waitFor('/healthz', 60_000, async () => {
      const r = await fetch(`http://${hostPort}/healthz`);
      return r.ok ? ((await r.json()) as { ok?: boolean }) : undefined;
    });
    expect(health.ok).toBe(true);
    await waitFor('Docker health status "healthy"', 60_000, async () => ((await dockerOk(['inspect', '--format', '{{.State.Health.Status}}', id])) === 'healthy' ? true : undefined));

    expect(await dockerOk(['exec', id, 'id', '-u'])).not.toBe('0');
    const doctor = JSON.parse(await dockerOk(['exec', id, 'node', 'bin/branchcast.js', 'doctor', '--json'])) as { checks: Array<{ name: string; found?: string }> };
    for (const tool of ['ffmpeg', 'ffprobe', 'font', 'compiled server']) expect(doctor.checks.find((c) => c.name === tool)?.found, tool).toBeDefined();
  });

  it('refuses to serve beyond loopback without BRANCHCAST_ADMIN_KEY', { timeout: 15 * 60_000 }, async () => {
    // The first test built the image; if it failed, so does this one, with its own message.
    const r = await docker(['run', '--rm', tag], 60_000);
    expect(r.code).not.toBe(0);
    expect(`${r.stdout}${r.stderr}`).toMatch(/BRANCHCAST_ADMIN_KEY/);
  });
});
