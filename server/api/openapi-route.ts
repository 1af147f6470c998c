/**
 * GET /api/openapi.json: the HTTP API's OpenAPI 3.1 document (docs/openapi.yaml).
 *
 * Converted to JSON once: at build (scripts/build.ts writes dist/openapi.json,
 * which the compiled server reads, so a container needs neither docs/ nor a
 * YAML parser) or, run from source, at start from docs/openapi.yaml, so an
 * edit to the document shows on the next `npm run dev` restart.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { packageRoot, RUNS_COMPILED } from '../build-mode.ts';
import type { ServerContext } from '../server-context.ts';
import type { TemplatedApp } from '../uws.ts';
import { mountApi } from './api-handler.ts';

/** Where the YAML source lives, and where the build writes its JSON. */
export const OPENAPI_YAML_PATH = 'docs/openapi.yaml';
export const OPENAPI_JSON_PATH = 'dist/openapi.json';

/** The document as JSON text: dist/openapi.json when compiled, docs/openapi.yaml converted when run from source. */
export async function loadOpenApiJson(root: string = packageRoot()): Promise<string> {
  if (RUNS_COMPILED) {
    return readFile(join(root, OPENAPI_JSON_PATH), 'utf8').catch((cause: unknown) => {
      throw new Error(`${OPENAPI_JSON_PATH} is missing (npm run build writes it from ${OPENAPI_YAML_PATH})`, { cause });
    });
  }
  // A devDependency: only a run from source gets here, and npm run dev has devDependencies.
  const { parse } = await import('yaml');
  return JSON.stringify(parse(await readFile(join(root, OPENAPI_YAML_PATH), 'utf8')));
}

/** Reads the document once, before the server listens (a missing document stops the start with the reason). */
export async function registerOpenApi(app: TemplatedApp, ctx: ServerContext): Promise<void> {
  const json = Buffer.from(await loadOpenApiJson());
  mountApi(app, ctx, 'get', '/api/openapi.json', 0, () => ({ status: 200, contentType: 'application/json; charset=utf-8', body: json }));
}
