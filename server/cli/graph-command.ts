import path from 'node:path';
import { parseArgs } from 'node:util';
import { exportGraph } from '../../engine/index.ts';
import { EXIT_FINDINGS, EXIT_OK, EXIT_USAGE, UsageError, type CliCommand } from './command.ts';
import { formatDiagnostic, loadStory } from './story-file.ts';

/** `branchcast graph FILE --format mermaid|dot`: the node graph for docs and reviews. */
export const graphCommand: CliCommand = async (argv, io) => {
  const { values, positionals } = parseArgs({ args: argv, allowPositionals: true, options: { format: { type: 'string', default: 'mermaid' } } });
  if (positionals.length !== 1) throw new UsageError('expected exactly one story file');
  if (values.format !== 'mermaid' && values.format !== 'dot') throw new UsageError(`--format must be mermaid or dot, not '${values.format}'`);
  const file = positionals[0]!;
  const loaded = await loadStory(path.resolve(io.cwd, file));
  if (!loaded.ok) {
    if (loaded.ioError) io.err(`branchcast graph: ${loaded.ioError}\n`);
    for (const d of loaded.diagnostics) io.err(formatDiagnostic(file, d) + '\n');
    return loaded.ioError ? EXIT_USAGE : EXIT_FINDINGS;
  }
  io.out(exportGraph(loaded.story, values.format));
  return EXIT_OK;
};
