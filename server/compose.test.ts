/** The composition root's order: routes mounted one after another before anything binds, closed newest first, and a failed start leaves nothing open or bound. */
import { connect } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { freePort } from '../test/support/free-port.ts';
import { makeTempDir, type TempDir } from '../test/support/temp-dir.ts';
import { resolveServerConfig } from './config.ts';
import type { RouteRegistrar } from './server-context.ts';
import { createServer, type BranchcastServer } from './server.ts';
import { parseLogLines } from '../test/support/log-lines.ts';

const dirs: TempDir[] = [];
const servers: BranchcastServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
  await Promise.all(dirs.splice(0).map((d) => d.remove()));
});

/** Whether something accepts TCP connections on the port right now. */
const accepting = (port: number): Promise<boolean> =>
  new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => (socket.destroy(), resolve(true)));
    socket.once('error', () => resolve(false));
  });

async function serverWith(routes: RouteRegistrar[]): Promise<{ server: BranchcastServer; port: number }> {
  const dir = await makeTempDir('branchcast-compose-');
  dirs.push(dir);
  const port = await freePort();
  const server = createServer(resolveServerConfig({ port: String(port), data: dir.path }, {}, dir.path), { routes, log: () => undefined });
  servers.push(server);
  return { server, port };
}

describe('compose', () => {
  it('mounts route modules in order, each after the last finished, binds only after all, and closes them newest first', async () => {
    const events: string[] = [];
    let port = 0;
    const module = (name: string, setupMs: number): RouteRegistrar => async (app) => {
      events.push(`open ${name}`);
      await new Promise((resolve) => setTimeout(resolve, setupMs));
      events.push(`${name} sees the port ${(await accepting(port)) ? 'bound' : 'unbound'}`);
      app.get(`/${name}`, (res) => void res.end(name));
      return { close: async () => void events.push(`close ${name}`) };
    };
    const built = await serverWith([module('a', 30), module('b', 0), module('c', 10)]);
    port = built.port;
    const { url } = await built.server.listen();
    expect(await (await fetch(`${url}/b`)).text()).toBe('b');
    await built.server.close();
    expect(events).toEqual(['open a', 'a sees the port unbound', 'open b', 'b sees the port unbound', 'open c', 'c sees the port unbound', 'close c', 'close b', 'close a']);
  });

  it('a module that fails to open closes what opened before it, and the server never binds', async () => {
    const events: string[] = [];
    const opened: RouteRegistrar = () => ({ close: async () => void events.push('close opened') });
    const failing: RouteRegistrar = async () => {
      throw new Error('cannot open the store');
    };
    const never: RouteRegistrar = () => void events.push('mounted after the failure');
    const { server, port } = await serverWith([opened, failing, never]);
    await expect(server.listen()).rejects.toThrow('cannot open the store');
    expect(events).toEqual(['close opened']);
    expect(await accepting(port)).toBe(false);
    // Closing after a failed start is safe and closes nothing twice.
    await server.close();
    expect(events).toEqual(['close opened']);
  });

  it('keeps closing the rest when one module fails to close, and says which failed', async () => {
    const events: string[] = [];
    const logged: string[] = [];
    const dir = await makeTempDir('branchcast-compose-');
    dirs.push(dir);
    const routes: RouteRegistrar[] = [
      () => ({ close: async () => void events.push('close first') }),
      () => ({ close: () => Promise.reject(new Error('stuck ffmpeg')) }),
      () => ({ close: async () => void events.push('close last') }),
    ];
    const server = createServer(resolveServerConfig({ port: '0', data: dir.path }, {}, dir.path), { routes, log: (line) => logged.push(line) });
    await server.listen();
    await server.close();
    expect(events).toEqual(['close last', 'close first']);
    const shutdown = parseLogLines(logged.join('\n')).filter((line) => line.msg.startsWith('shutdown:'));
    expect(shutdown.map((line) => [line.level, line.msg, (line.err as { message?: string } | undefined)?.message])).toEqual([['error', 'shutdown: a module failed to close', 'stuck ffmpeg']]);
  });
});
