/**
 * `branchcast/client` as an installed package: package.json's `exports` leads
 * Node to dist/client/index.js and TypeScript to its declarations, from a
 * directory that has the package installed (a link to this checkout).
 */
import { execFile } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeLinkedPackageDir, REPO } from './support/linked-package.ts';
import type { TempDir } from './support/temp-dir.ts';

const run = promisify(execFile);
let consumer: TempDir;

beforeAll(async () => {
  consumer = await makeLinkedPackageDir('branchcast-consumer-');
});
afterAll(async () => {
  await consumer?.remove();
});

describe('branchcast/client, installed', () => {
  it('imports in Node from the built module, and picks a WebSocket for Node 20', async () => {
    const script = `
      const sdk = await import('branchcast/client');
      const open = await sdk.defaultWebSocketFactory();
      console.log(JSON.stringify({ exports: Object.keys(sdk).sort(), resolved: import.meta.resolve('branchcast/client'), factory: typeof open }));`;
    const { stdout } = await run(process.execPath, ['--input-type=module', '-e', script], { cwd: consumer.path });
    const answer = JSON.parse(stdout) as { exports: string[]; resolved: string; factory: string };
    expect(answer.exports).toEqual(expect.arrayContaining(['connectRoom', 'RoomConnection', 'BranchcastApi', 'ApiError', 'CommandError', 'JoinError', 'ClockSync', 'Session']));
    expect(answer.resolved).toMatch(/\/dist\/client\/index\.js$/);
    expect(answer.factory).toBe('function');
  });

  it('type-checks a consumer against the emitted declarations, and they are strict, not any', { timeout: 90_000 }, async () => {
    await writeFile(join(consumer.path, 'consumer.ts'), `
import { BranchcastApi, connectRoom, type RoomEvent } from 'branchcast/client';
const api = new BranchcastApi({ server: 'http://127.0.0.1:8080' });
const { token } = await api.mintViewerToken('room');
const room = await connectRoom({ server: 'http://127.0.0.1:8080', token });
room.on('event', (event: RoomEvent) => { if (event.type === 'choice-open') void room.command({ type: 'vote', option: event.options[0]!.id }); });
// @ts-expect-error: not a command of the protocol
void room.command({ type: 'explode' });
// @ts-expect-error: the room version is a number
const version: string = room.version;
void version;
`);
    await writeFile(join(consumer.path, 'tsconfig.json'), JSON.stringify({
      compilerOptions: { module: 'NodeNext', moduleResolution: 'NodeNext', target: 'ES2022', lib: ['ES2022', 'DOM'], strict: true, noEmit: true, types: [] },
      files: ['consumer.ts'],
    }));
    const tsc = join(REPO, 'node_modules/typescript/bin/tsc');
    const result = await run('nice', ['-n', '19', process.execPath, tsc, '-p', '.'], { cwd: consumer.path }).catch((error: { stdout?: string; code?: number }) => error);
    expect((result as { stdout?: string }).stdout ?? '').toBe('');
    expect((result as { code?: number }).code ?? 0).toBe(0);
  });
});
