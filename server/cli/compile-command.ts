import path from 'node:path';
import { parseArgs } from 'node:util';
import { compileStoryConfig } from '../../engine/index.ts';
import { EXIT_FINDINGS, EXIT_OK, EXIT_USAGE, UsageError, type CliCommand } from './command.ts';
import { formatDiagnostic, loadStory } from './story-file.ts';

/** `branchcast compile FILE`: prints the XState machine config as JSON. */
export const compileCommand: CliCommand = async (argv, io) => {
  const { positionals } = parseArgs({ args: argv, allowPositionals: true, options: {} });
  if (positionals.length !== 1) throw new UsageError('expected exactly one story file');
  const file = positionals[0]!;
  const loaded = await loadStory(path.resolve(io.cwd, file));
  if (!loaded.ok) {
    if (loaded.ioError) io.err(`branchcast compile: ${loaded.ioError}\n`);
    for (const d of loaded.diagnostics) io.err(formatDiagnostic(file, d) + '\n');
    return loaded.ioError ? EXIT_USAGE : EXIT_FINDINGS;
  }
  io.out(JSON.stringify(compileStoryConfig(loaded.story), null, 2) + '\n');
  return EXIT_OK;
};
