/**
 * Every HTTP route of a real `branchcast serve` (child process, loopback)
 * under generated requests (http-requests.ts): arbitrary and almost-right
 * JSON, arbitrary bytes and msgpack for every API body; hostile Range,
 * If-Range, If-None-Match, Upload-*, Tus-Resumable, Authorization and Origin
 * values; hostile path segments. Every answer must be a well-formed HTTP
 * response (status line, headers, body framing, JSON that parses when it says
 * JSON) with a status below 500: a 500 is a bug the server caught, which is
 * still a bug. After each batch the server answers /healthz, still serves the
 * room, and has counted no contained error.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminKeyFrom, api, createRoom, postStory, viewerToken } from '../support/rooms-api.ts';
import { startServerProcess, type ServerProcess } from '../support/server-process.ts';
import { makeTempDir, type TempDir } from '../support/temp-dir.ts';
import { FUZZ_STORY, FUZZ_STORY_ID } from './fuzz-story.ts';
import { FuzzTally, fuzzSeed, runs } from './fuzz-settings.ts';
import { exchange, type FuzzRequest, type FuzzResponse } from './http-exchange.ts';
import { arbRequest, type HttpSecrets } from './http-requests.ts';

const tally = new FuzzTally('http', fuzzSeed());
/** Requests in flight at once: enough to keep the server busy, few enough for a 2-core machine. */
const CONCURRENCY = 4;

let server: ServerProcess;
let media: TempDir;
let secrets: HttpSecrets;
const statuses = new Map<number, number>();

beforeAll(async () => {
  media = await makeTempDir('branchcast-fuzz-media-');
  await mkdir(join(media.path, 'fuzz'));
  await writeFile(join(media.path, 'fuzz', 'clip.bin'), Buffer.alloc(4096, 7));
  await writeFile(join(media.path, 'fuzz', 'empty.bin'), Buffer.alloc(0));
  server = await startServerProcess({ args: ['--media', media.path] });
  const key = adminKeyFrom(server.output());
  await postStory(server.url, key, FUZZ_STORY);
  const room = await createRoom(server.url, key, FUZZ_STORY_ID);
  const created = await exchange(server.port, { method: 'POST', target: '/uploads/', headers: [['Authorization', `Bearer ${key}`], ['Tus-Resumable', '1.0.0'], ['Upload-Length', '1000']] });
  const location = created.headers.find(([name]) => name === 'location')?.[1] ?? '';
  secrets = { key, room: room.id, hostToken: room.hostToken, viewerToken: (await viewerToken(server.url, room.id)).token, upload: location.split('/').pop() ?? '', media: ['fuzz/clip.bin', 'fuzz/empty.bin'] };
  expect(secrets.upload).toMatch(/^[A-Za-z0-9_-]{22}$/);
});
afterAll(async () => {
  tally.report();
  process.stdout.write(`fuzz http: statuses ${JSON.stringify(Object.fromEntries([...statuses].sort(([a], [b]) => a - b)))}\n`);
  await server?.stop();
  await media?.remove();
});

const describeRequest = (r: FuzzRequest): string => `${r.method} ${r.target.slice(0, 200)} ${JSON.stringify(r.headers).slice(0, 600)} body ${r.body === undefined ? 'none' : `${r.body.length} bytes ${Buffer.from(r.body.subarray(0, 80)).toString('hex')}`}`;

/** Sends one request and checks its answer; a broken answer names the request. */
async function check(request: FuzzRequest): Promise<void> {
  let response: FuzzResponse;
  try {
    response = await exchange(server.port, request);
  } catch (error) {
    throw new Error(`${String(error)}\n  request: ${describeRequest(request)}`, { cause: error });
  }
  statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
  const body = response.body.toString('utf8').slice(0, 300);
  expect(response.status, `${response.status} ${body}\n  request: ${describeRequest(request)}`).toBeLessThan(500);
  const type = response.headers.find(([name]) => name === 'content-type')?.[1] ?? '';
  if (type.includes('application/json') && response.body.length > 0) expect(() => JSON.parse(response.body.toString('utf8')) as unknown, `not JSON: ${body}`).not.toThrow();
  tally.add();
}

async function runAll(requests: FuzzRequest[]): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < requests.length) await check(requests[next++] as FuzzRequest);
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
}

/** The server is up, still serves the room, and no boundary caught an exception. */
async function serverCarriesOn(): Promise<void> {
  expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
  expect((await api(server.url, 'GET', `/api/rooms/${secrets.room}`, { key: secrets.key })).status).toBe(200);
  const metrics = await (await fetch(`${server.url}/metrics`)).text();
  expect(metrics).not.toMatch(/^branchcast_contained_errors_total\{[^}]*\} [1-9]/m);
}

describe('every HTTP route of a real server under generated requests', () => {
  it('answers each with a well-formed response below 500 and keeps serving', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(arbRequest(secrets), { minLength: 20, maxLength: 40 }), async (requests) => {
        await runAll(requests);
        await serverCarriesOn();
      }),
      tally.params('requests', runs(250)),
    );
  }, 600_000);
});
