import { parseArgs } from 'node:util';
import { analysePaths } from '../../engine/index.ts';
import { EXIT_FINDINGS, EXIT_OK, UsageError, type CliCommand } from './command.ts';
import { loadStoryForCommand } from './story-file.ts';

/**
 * `branchcast paths FILE [--json]`: every reachable ending with a shortest path,
 * found by driving the compiled machine. Exit 1 if an ending is unreachable or a state is stuck.
 */
export const pathsCommand: CliCommand = async (argv, io) => {
  const { values, positionals } = parseArgs({ args: argv, allowPositionals: true, options: { json: { type: 'boolean', default: false } } });
  if (positionals.length !== 1) throw new UsageError('expected exactly one story file');
  const file = positionals[0]!;
  const loaded = await loadStoryForCommand('paths', file, io);
  if ('exit' in loaded) return loaded.exit;
  const analysis = analysePaths(loaded.story);
  if (values.json) {
    io.out(JSON.stringify(analysis, null, 2) + '\n');
  } else {
    for (const e of analysis.endings) {
      const route = e.steps.map((s) => ` --${s.option ?? 'next'}--> ${s.to}`).join('');
      io.out(`ending ${e.ending} "${e.title}": ${loaded.story.start}${route}\n`);
    }
    for (const id of analysis.unreachableEndings) io.out(`unreachable ending ${id}\n`);
    for (const s of analysis.stuck) io.out(`stuck at ${s.node} (${s.phase}) with ${JSON.stringify(s.vars)}\n`);
    io.err(`${analysis.endings.length} reachable ending(s), ${analysis.states} states explored${analysis.truncated ? ' (truncated)' : ''}\n`);
  }
  const bad = analysis.unreachableEndings.length > 0 || analysis.stuck.length > 0 || analysis.truncated;
  return bad ? EXIT_FINDINGS : EXIT_OK;
};
