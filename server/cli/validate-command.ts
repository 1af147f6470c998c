import { existsSync, readFileSync, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { hasErrors, parseStory, type Diagnostic, type MediaProbe } from '../../engine/index.ts';
import { MAX_VTT_CHARS } from '../../engine/webvtt.ts';
import { EXIT_FINDINGS, EXIT_OK, EXIT_USAGE, UsageError, type CliCommand } from './command.ts';
import { formatDiagnostic } from './story-file.ts';

/**
 * `branchcast validate FILE... [--json] [--media-root DIR]`
 * Exit 0: clean (warnings allowed); 1: errors found; 2: usage or I/O error.
 */
export const validateCommand: CliCommand = async (argv, io) => {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { json: { type: 'boolean', default: false }, 'media-root': { type: 'string' } },
  });
  if (positionals.length === 0) throw new UsageError('no story files given');
  const mediaRoot = values['media-root'] === undefined ? undefined : path.resolve(io.cwd, values['media-root']);
  if (mediaRoot !== undefined && !isDirectory(mediaRoot)) {
    io.err(`branchcast validate: media root ${mediaRoot} is not a directory\n`);
    return EXIT_USAGE;
  }
  const media = mediaRoot === undefined ? undefined : mediaProbe(mediaRoot);

  const results: Array<{ file: string; diagnostics: Diagnostic[] }> = [];
  let ioFailed = false;
  for (const file of positionals) {
    let text: string;
    try {
      text = await readFile(path.resolve(io.cwd, file), 'utf8');
    } catch (cause) {
      io.err(`branchcast validate: cannot read ${file}: ${(cause as NodeJS.ErrnoException).code ?? String(cause)}\n`);
      ioFailed = true;
      continue;
    }
    results.push({ file, diagnostics: parseStory(text, media ? { media } : {}).diagnostics });
  }

  if (values.json) {
    io.out(JSON.stringify(results) + '\n');
  } else {
    for (const { file, diagnostics } of results) {
      for (const d of diagnostics) io.out(formatDiagnostic(file, d) + '\n');
      const errors = diagnostics.filter((d) => d.severity === 'error').length;
      io.err(`${file}: ${errors === 0 ? 'ok' : `${errors} error(s)`}, ${diagnostics.length - errors} warning(s)\n`);
    }
  }
  if (ioFailed) return EXIT_USAGE;
  return results.some((r) => hasErrors(r.diagnostics)) ? EXIT_FINDINGS : EXIT_OK;
};

function isDirectory(dir: string): boolean {
  try {
    return statSync(dir).isDirectory();
  } catch {
    return false;
  }
}

/** Answers `missing-media` and `bad-captions` questions from disk, refusing paths that climb out of the root. */
function mediaProbe(root: string): MediaProbe {
  const inside = (src: string): string | undefined => {
    const full = path.resolve(root, src);
    return full.startsWith(root + path.sep) ? full : undefined;
  };
  return {
    exists: (src) => {
      const full = inside(src);
      return full !== undefined && existsSync(full);
    },
    read: (src) => {
      const full = inside(src);
      try {
        // Larger than the parser accepts anyway: read no further than needed to say so.
        return full === undefined || statSync(full).size > MAX_VTT_CHARS * 4 ? undefined : readFileSync(full, 'utf8');
      } catch {
        return undefined;
      }
    },
  };
}
