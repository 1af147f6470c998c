/**
 * The Dockerfile, .dockerignore and compose.yaml, checked without a container
 * engine (test/container-image.test.ts builds and runs the image where there
 * is one): the shape the README promises, and the image's HEALTHCHECK command
 * run for real against a server.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from './support/free-port.ts';
import { startServerProcess, type ServerProcess } from './support/server-process.ts';

const read = (name: string): string => readFileSync(fileURLToPath(new URL(`../${name}`, import.meta.url)), 'utf8');

/** Dockerfile instructions: continuation lines joined, comments and blank lines dropped. */
function instructions(text: string): Array<{ op: string; args: string }> {
  return text
    .replace(/\\\n/g, ' ')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'))
    .map((line) => {
      const [op = '', ...rest] = line.split(/\s+/);
      return { op: op.toUpperCase(), args: rest.join(' ') };
    });
}

describe('Dockerfile', () => {
  const all = instructions(read('Dockerfile'));
  const froms = all.filter((i) => i.op === 'FROM');
  const runtime = all.slice(all.lastIndexOf(froms.at(-1) ?? { op: '', args: '' }));
  const healthcheck = runtime.find((i) => i.op === 'HEALTHCHECK')?.args ?? '';

  it('is multi-stage on node:20-bookworm-slim, building in the first stage and copying from it', () => {
    expect(froms.length).toBeGreaterThanOrEqual(2);
    for (const from of froms) expect(from.args).toMatch(/^node:20-bookworm-slim\b/);
    expect(froms[0]?.args).toMatch(/ AS build$/i);
    const buildRuns = all.slice(0, all.indexOf(froms[1] ?? froms[0]!)).filter((i) => i.op === 'RUN').map((i) => i.args).join(' ');
    expect(buildRuns).toMatch(/npm ci\b/);
    expect(buildRuns).toMatch(/npm prune --omit=dev/);
    expect(runtime.some((i) => i.op === 'COPY' && i.args.startsWith('--from=build'))).toBe(true);
  });

  it('runs as a non-root user, keeps its data in a /data volume and serves beyond loopback', () => {
    const user = runtime.filter((i) => i.op === 'USER').at(-1)?.args;
    expect(user).toBeDefined();
    expect(user).not.toMatch(/^(root|0)(:|$)/);
    expect(runtime.find((i) => i.op === 'VOLUME')?.args).toMatch(/"\/data"|^\/data$/);
    expect(runtime.find((i) => i.op === 'ENV')?.args).toMatch(/DATA_DIR=\/data\b/);
    const command = [runtime.find((i) => i.op === 'ENTRYPOINT')?.args, runtime.find((i) => i.op === 'CMD')?.args].join(' ');
    expect(command).toMatch(/bin\/branchcast\.js/);
    expect(command).toMatch(/"serve", "--host", "0\.0\.0\.0"/);
  });

  it('checks /healthz with node itself, no curl or wget in the image', () => {
    expect(healthcheck).toMatch(/\/healthz/);
    expect(healthcheck).not.toMatch(/curl|wget/);
  });

  it('leaves local builds, dependencies and data out of the build context', () => {
    const ignored = read('.dockerignore').split('\n').map((l) => l.trim());
    for (const path of ['node_modules', 'dist', 'data', '.git', 'stories/media']) expect(ignored, path).toContain(path);
  });

  describe('its HEALTHCHECK command, run here', () => {
    // The exec form after CMD: a JSON array, e.g. ["node", "-e", "fetch(...)"].
    const argv = JSON.parse(healthcheck.slice(healthcheck.indexOf('CMD ') + 4)) as string[];
    let server: ServerProcess;
    beforeAll(async () => {
      server = await startServerProcess();
    });
    afterAll(() => server.stop());
    const check = (port: number): number | null => spawnSync(process.execPath, argv.slice(1), { env: { ...process.env, PORT: String(port) }, timeout: 10_000 }).status;

    it('passes against a running server and fails where nothing listens', async () => {
      expect(argv[0]).toBe('node');
      expect(check(server.port)).toBe(0);
      expect(check(await freePort())).toBe(1);
    });
  });
});

interface ComposeService {
  image?: string;
  build?: unknown;
  command?: string[];
  environment?: Record<string, string>;
  ports?: string[];
  volumes?: string[];
  depends_on?: Record<string, { condition?: string }>;
  healthcheck?: { test?: string[] };
}

describe('compose.yaml', () => {
  // Merge keys (<<) as Compose resolves them: both nodes share one anchor.
  const compose = parse(read('compose.yaml'), { merge: true }) as { services: Record<string, ComposeService> };
  const services = Object.entries(compose.services);
  const nodes = services.filter(([, s]) => s.build !== undefined);
  const redisEntry = services.find(([, s]) => s.image?.startsWith('redis:'));

  it('runs two branchcast nodes, a and b, on different host ports, with a data volume each', () => {
    expect(nodes.map(([, s]) => s.environment?.NODE_ID).sort()).toEqual(['a', 'b']);
    const hostPorts = nodes.map(([, s]) => (s.ports?.[0] ?? '').split(':').at(-2));
    expect(new Set(hostPorts).size).toBe(2);
    const dataVolumes = nodes.map(([, s]) => s.volumes?.find((v) => v.endsWith(':/data')));
    expect(dataVolumes.every((v) => v !== undefined)).toBe(true);
    expect(new Set(dataVolumes).size).toBe(2);
  });

  it('points both nodes at the same Redis and makes the shared admin key required', () => {
    const [name] = redisEntry ?? [];
    const urls = nodes.map(([, s]) => s.environment?.REDIS_URL);
    expect(urls[0]).toBe(`redis://${name}:6379`);
    expect(urls[1]).toBe(urls[0]);
    for (const [, s] of nodes) expect(s.environment?.BRANCHCAST_ADMIN_KEY).toMatch(/^\$\{BRANCHCAST_ADMIN_KEY:\?/);
  });

  it('runs Redis with an fsynced append-only file, a healthcheck the nodes wait for', () => {
    const [name, redis] = redisEntry ?? [];
    const command = (redis?.command ?? []).join(' ');
    // docs/scaling.md: everysec is the recommended setting, always the strictest.
    expect(command).toMatch(/--appendonly yes/);
    expect(command).toMatch(/--appendfsync (everysec|always)/);
    expect(redis?.volumes?.some((v) => v.endsWith(':/data'))).toBe(true);
    expect(redis?.healthcheck?.test?.join(' ')).toMatch(/redis-cli ping/);
    for (const [, s] of nodes) expect(s.depends_on?.[name ?? '']?.condition).toBe('service_healthy');
  });
});
