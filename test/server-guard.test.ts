/** A bug in a route handler answers 500; the server stays up (uWS would otherwise exit the process). */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveServerConfig } from '../server/config.ts';
import { createServer, type BranchcastServer } from '../server/server.ts';
import type { RouteRegistrar } from '../server/server-context.ts';
import { makeTempDir, type TempDir } from './support/temp-dir.ts';
import { mountApi } from '../server/api/api-handler.ts';

const buggy: RouteRegistrar = (app) => {
  app.get('/bug/sync', () => {
    throw new Error('synchronous bug');
  });
  app.get('/bug/async', async (res) => {
    res.onAborted(() => undefined);
    await new Promise((resolve) => setTimeout(resolve, 5));
    throw new Error('asynchronous bug');
  });
  app.get('/bug/after-answer', (res) => {
    res.end('answered');
    throw new Error('bug after answering');
  });
};

/** An API handler that rejects: mountApi's own catch answers it, and must count it like the guard does. */
const buggyApi: RouteRegistrar = (app, ctx) => {
  mountApi(app, ctx, 'post', '/api/bug', 0, async () => {
    throw new Error('API handler bug');
  });
};

let dir: TempDir;
let server: BranchcastServer;
let base: string;
const logged: string[] = [];

beforeAll(async () => {
  dir = await makeTempDir('branchcast-guard-');
  server = createServer(resolveServerConfig({ port: '0' }, {}, dir.path), { routes: [buggy, buggyApi], log: (line) => logged.push(line), onContained: () => undefined });
  base = (await server.listen()).url;
});

afterAll(async () => {
  await server?.close();
  await dir?.remove();
});

describe('guarded handlers', () => {
  it('answers 500 for a throwing or rejecting handler and keeps serving', async () => {
    const sync = await fetch(`${base}/bug/sync`);
    expect(sync.status).toBe(500);
    expect(await sync.json()).toEqual({ error: { code: 'internal', message: expect.any(String) as string } });
    expect((await fetch(`${base}/bug/async`)).status).toBe(500);
    const answered = await fetch(`${base}/bug/after-answer`);
    expect(await answered.text()).toBe('answered');
    expect((await fetch(`${base}/nothing-here`)).status).toBe(404);
    expect(logged.filter((line) => line.includes('contained error at http'))).toHaveLength(3);
  });

  it('counts a rejecting API handler as a contained error, answered 500 in the API error shape', async () => {
    const res = await fetch(`${base}/api/bug`, { method: 'POST', body: '{}' });
    expect(res.status).toBe(500);
    expect(await res.json()).toEqual({ error: { code: 'internal', message: 'internal error' } });
    expect(logged.filter((line) => line.includes('contained error at http') && line.includes('API handler bug'))).toHaveLength(1);
  });
});
