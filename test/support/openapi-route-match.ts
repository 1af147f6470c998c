/**
 * Matches the routes a server mounts (mounted-routes.ts) with the operations
 * an OpenAPI document lists, both ways: a route the document does not
 * describe, and an operation no route serves.
 *
 * uWS patterns name parameters `:id` and end in `*` for "anything below";
 * OpenAPI templates write `{id}`. Both become `{}` to compare. A uWS `any`
 * route serves every method, so the document must describe at least one
 * operation on its path; `del` is DELETE and a WebSocket (`ws`) is the GET
 * that upgrades.
 */
import type { MountedRoute } from './mounted-routes.ts';

/** Routes every path has, which the document describes once in its introduction rather than per path. */
const EVERYWHERE: ReadonlyArray<MountedRoute> = [
  { method: 'options', pattern: '/*' }, // CORS preflight (server/http/preflight-route.ts)
  { method: 'any', pattern: '/*' }, // the 404 fallback (server/http/not-found-route.ts)
];

const template = (path: string): string => path.replace(/\{[^}]+\}/g, '{}').replace(/:[^/]+/g, '{}').replace(/\/\*$/, '/{}');
const httpMethod = (uws: string): string => ({ del: 'delete', ws: 'get' })[uws] ?? uws;

/** `paths` as in an OpenAPI document: path → method → operation. */
type Paths = Record<string, Record<string, unknown>>;

const operationsOf = (paths: Paths): Array<{ method: string; path: string }> =>
  Object.entries(paths).flatMap(([path, item]) => Object.keys(item).filter((key) => key !== 'parameters' && key !== 'summary' && key !== 'description').map((method) => ({ method, path })));

/** Mounted routes the document does not describe, as `METHOD pattern`. */
export function undocumentedRoutes(routes: readonly MountedRoute[], paths: Paths): string[] {
  const documented = operationsOf(paths).map((op) => ({ method: op.method, path: template(op.path) }));
  return routes
    .filter((route) => !EVERYWHERE.some((e) => e.method === route.method && e.pattern === route.pattern))
    .filter((route) => {
      const path = template(route.pattern);
      return route.method === 'any' ? !documented.some((d) => d.path === path) : !documented.some((d) => d.path === path && d.method === httpMethod(route.method));
    })
    .map((route) => `${route.method.toUpperCase()} ${route.pattern}`);
}

/** Operations of the document that no mounted route serves, as `METHOD path`. */
export function unmountedOperations(routes: readonly MountedRoute[], paths: Paths): string[] {
  const serving = routes.filter((route) => !EVERYWHERE.some((e) => e.method === route.method && e.pattern === route.pattern));
  return operationsOf(paths)
    .filter((op) => !serving.some((route) => template(route.pattern) === template(op.path) && (route.method === 'any' || httpMethod(route.method) === op.method)))
    .map((op) => `${op.method.toUpperCase()} ${op.path}`);
}
