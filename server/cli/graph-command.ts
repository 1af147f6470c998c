import { parseArgs } from 'node:util';
import { exportGraph } from '../../engine/index.ts';
import { EXIT_OK, UsageError, type CliCommand } from './command.ts';
import { loadStoryForCommand } from './story-file.ts';

/** `branchcast graph FILE --format mermaid|dot`: the node graph for docs and reviews. */
export const graphCommand: CliCommand = async (argv, io) => {
  const { values, positionals } = parseArgs({ args: argv, allowPositionals: true, options: { format: { type: 'string', default: 'mermaid' } } });
  if (positionals.length !== 1) throw new UsageError('expected exactly one story file');
  if (values.format !== 'mermaid' && values.format !== 'dot') throw new UsageError(`--format must be mermaid or dot, not '${values.format}'`);
  const file = positionals[0]!;
  const loaded = await loadStoryForCommand('graph', file, io);
  if ('exit' in loaded) return loaded.exit;
  io.out(exportGraph(loaded.story, values.format));
  return EXIT_OK;
};
