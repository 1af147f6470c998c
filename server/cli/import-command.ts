import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { importTwee } from '../../engine/import/twine-import.ts';
import type { ChoiceMode, Diagnostic } from '../../engine/index.ts';
import { EXIT_FINDINGS, EXIT_OK, EXIT_USAGE, UsageError, type CliCommand } from './command.ts';
import { formatDiagnostic } from './story-file.ts';

const MODES: readonly ChoiceMode[] = ['timer', 'vote', 'host'];

/**
 * `branchcast import FILE.twee [--out FILE] [--json] [--mode timer|vote|host]`:
 * converts a Twine (Twee 3) story. The story goes to stdout or --out; findings
 * to stderr, or as `[{file, diagnostics}]` on stdout with --json (which then
 * needs --out, so the two never share a stream). Exit 0: imported, warnings
 * only (placeholder media); 1: something did not map or the result does not
 * validate; 2: usage or I/O error.
 */
export const importCommand: CliCommand = async (argv, io) => {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { out: { type: 'string' }, json: { type: 'boolean', default: false }, mode: { type: 'string', default: 'timer' } },
  });
  if (positionals.length !== 1) throw new UsageError('expected exactly one .twee file');
  const mode = values.mode as ChoiceMode;
  if (!MODES.includes(mode)) throw new UsageError(`--mode must be timer, vote or host, not '${values.mode}'`);
  if (values.json && values.out === undefined) throw new UsageError('--json prints the findings on stdout; give --out FILE for the story');
  const file = positionals[0]!;

  let text: string;
  try {
    text = await readFile(path.resolve(io.cwd, file), 'utf8');
  } catch (cause) {
    io.err(`branchcast import: cannot read ${file}: ${(cause as NodeJS.ErrnoException).code ?? String(cause)}\n`);
    return EXIT_USAGE;
  }
  const result = importTwee(text, { mode });
  if (result.story) {
    const json = JSON.stringify(result.story, null, 2) + '\n';
    if (values.out === undefined) io.out(json);
    else {
      try {
        await writeFile(path.resolve(io.cwd, values.out), json);
      } catch (cause) {
        io.err(`branchcast import: cannot write ${values.out}: ${(cause as NodeJS.ErrnoException).code ?? String(cause)}\n`);
        return EXIT_USAGE;
      }
    }
  }

  const errors = result.diagnostics.filter((d) => d.severity === 'error').length;
  if (values.json) io.out(JSON.stringify([{ file, diagnostics: result.diagnostics }]) + '\n');
  else {
    for (const d of result.diagnostics) io.err(formatDiagnostic(file, d as Diagnostic) + '\n');
    const media = result.placeholders.length;
    io.err(`${file}: ${result.story ? `${Object.keys(result.story.nodes).length} node(s)` : 'nothing imported'}, ${errors} error(s), ` +
      `${result.diagnostics.length - errors} warning(s)${media > 0 ? `; ${media} node(s) need media: ${result.placeholders.join(', ')}` : ''}\n`);
  }
  return errors > 0 || !result.story ? EXIT_FINDINGS : EXIT_OK;
};

