/**
 * The client SDK, `branchcast/client` (client/index.ts), for package.json's
 * `exports`:
 * - dist/client/index.js: one ES module for Node 20 and browsers, with the
 *   protocol codec bundled (msgpackr's pure-JS build, which both run), so a
 *   page can load it without a bundler. `ws` is not in it: web-socket.ts loads
 *   it by name only on a runtime without a global WebSocket.
 * - dist/client/types/: declarations emitted by TypeScript from the sources,
 *   the SDK's and the engine types it names (client/index.d.ts is the entry).
 */
import { build } from 'esbuild';
import ts from 'typescript';

export async function buildClient(root: string): Promise<void> {
  const bundled = build({
    entryPoints: [`${root}client/index.ts`],
    outfile: `${root}dist/client/index.js`,
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: ['es2022', 'node20'],
    sourcemap: 'linked',
    logLevel: 'warning',
  });
  // esbuild works in its own process meanwhile; the declarations take a few seconds of this one.
  emitDeclarations(root);
  await bundled;
}

function emitDeclarations(root: string): void {
  const program = ts.createProgram([`${root}client/index.ts`], {
    declaration: true,
    emitDeclarationOnly: true,
    allowImportingTsExtensions: true,
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    target: ts.ScriptTarget.ES2022,
    lib: ['lib.es2022.d.ts'],
    types: ['node'],
    strict: true,
    skipLibCheck: true,
    verbatimModuleSyntax: true,
    rootDir: root,
    outDir: `${root}dist/client/types`,
  });
  // Type errors are `npm run typecheck`'s to report, as esbuild ignores them for every other bundle:
  // a build that refused to run over one would stop every test. Only a declaration that cannot be written fails it.
  const result = program.emit();
  if (result.emitSkipped || result.diagnostics.length > 0) {
    const host = { getCanonicalFileName: (f: string) => f, getCurrentDirectory: () => root, getNewLine: () => '\n' };
    throw new Error(`client declarations:\n${ts.formatDiagnostics(result.diagnostics, host)}`);
  }
}
