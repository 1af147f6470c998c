import { parseArgs } from 'node:util';
import { compileStoryConfig } from '../../engine/index.ts';
import { EXIT_OK, UsageError, type CliCommand } from './command.ts';
import { loadStoryForCommand } from './story-file.ts';

/** `branchcast compile FILE`: prints the XState machine config as JSON. */
export const compileCommand: CliCommand = async (argv, io) => {
  const { positionals } = parseArgs({ args: argv, allowPositionals: true, options: {} });
  if (positionals.length !== 1) throw new UsageError('expected exactly one story file');
  const file = positionals[0]!;
  const loaded = await loadStoryForCommand('compile', file, io);
  if ('exit' in loaded) return loaded.exit;
  io.out(JSON.stringify(compileStoryConfig(loaded.story), null, 2) + '\n');
  return EXIT_OK;
};
