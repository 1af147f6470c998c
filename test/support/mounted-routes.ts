/**
 * The routes a server really mounts, read from the code rather than a list
 * kept by hand: compose() (server/compose.ts, the same composition root
 * `branchcast serve` uses) runs on a real uWS app wrapped so every route
 * registration is recorded, then closes. Nothing listens.
 *
 * @example
 *   const routes = await mountedRoutes({ data: dir, media, redis: url, 'redis-prefix': prefix });
 *   // [{ method: 'get', pattern: '/api/rooms/:id' }, { method: 'any', pattern: '/uploads/*' }, ...]
 */
import { compose } from '../../server/compose.ts';
import { resolveServerConfig, type ServeFlags } from '../../server/config.ts';
import { createServerContext } from '../../server/server-context.ts';
import { App, closeApp, type TemplatedApp } from '../../server/uws.ts';

/** One registration: the uWS method name (`get`, `del`, `any`, `ws`, ...) and its pattern. */
export interface MountedRoute {
  method: string;
  pattern: string;
}

/** Every uWS method that registers a route (guarded-app.ts's list, plus the WebSocket). */
const REGISTERING = new Set(['get', 'post', 'put', 'patch', 'del', 'options', 'head', 'any', 'connect', 'trace', 'ws']);

/** `app`, recording each route registered on it into `routes`. */
function recordingApp(app: TemplatedApp, routes: MountedRoute[]): TemplatedApp {
  const proxy: TemplatedApp = new Proxy(app, {
    get(target, property) {
      const value: unknown = Reflect.get(target, property, target);
      if (typeof property !== 'string' || typeof value !== 'function') return value;
      if (!REGISTERING.has(property)) return value.bind(target);
      return (pattern: string, handler: unknown) => {
        routes.push({ method: property, pattern });
        (value as (p: string, h: unknown) => unknown).call(target, pattern, handler);
        return proxy;
      };
    },
  });
  return proxy;
}

/** Composes a server with `flags` (as `branchcast serve` parses them), records its routes, and closes it. */
export async function mountedRoutes(flags: ServeFlags): Promise<MountedRoute[]> {
  const routes: MountedRoute[] = [];
  const config = resolveServerConfig({ host: '127.0.0.1', port: '0', ...flags }, {}, process.cwd());
  const app = App();
  const composition = await compose(recordingApp(app, routes), createServerContext(config, { log: () => undefined }));
  await composition.close();
  closeApp(app);
  return routes;
}
