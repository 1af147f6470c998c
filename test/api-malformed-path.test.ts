/**
 * Regression (found by test/fuzz/http.fuzz.test.ts): an API path parameter
 * with broken percent-encoding (`/api/stories/%`, `/api/rooms/%E0%A4%A/...`)
 * made decodeURIComponent throw inside the route handler, which the request
 * boundary answered with a 500 and counted as a contained error. It is the
 * client's mistake: 400 `invalid` in the API's error shape, nothing contained.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveServerConfig } from '../server/config.ts';
import type { ContainedErrorReport } from '../server/health/contained-errors.ts';
import { createServer, type BranchcastServer } from '../server/server.ts';
import { rawRequest } from './support/raw-http.ts';
import { makeTempDir, type TempDir } from './support/temp-dir.ts';

let dir: TempDir;
let server: BranchcastServer;
let port: number;
const contained: ContainedErrorReport[] = [];

beforeAll(async () => {
  dir = await makeTempDir('branchcast-malformed-path-');
  server = createServer(resolveServerConfig({ port: '0' }, {}, dir.path), { log: () => undefined, onContained: (report) => contained.push(report) });
  port = (await server.listen()).port;
});
afterAll(async () => {
  await server?.close();
  await dir?.remove();
});

describe('API paths with malformed percent-encoding', () => {
  it.each([
    ['GET', '/api/stories/%'],
    ['GET', '/api/rooms/%E0%A4%A'],
    ['DELETE', '/api/rooms/a%ZZ'],
    ['POST', '/api/rooms/%/viewers'],
    ['POST', '/api/rooms/%ED%A0%80%/commands'],
    ['GET', '/api/rooms/%C0%/analytics'],
  ])('%s %s is 400 invalid, not a contained 500', async (method, path) => {
    const response = await rawRequest(port, path, { method });
    expect(response.status).toBe(400);
    expect(JSON.parse(response.body.toString('utf8'))).toMatchObject({ error: { code: 'invalid' } });
    expect(contained).toEqual([]);
  });

  it('still decodes well-formed escapes (an unknown id stays 404)', async () => {
    const response = await rawRequest(port, '/api/stories/no%2Dsuch');
    expect(response.status).toBe(404);
    expect(JSON.parse(response.body.toString('utf8'))).toMatchObject({ error: { code: 'not-found' } });
  });
});
