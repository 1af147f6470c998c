import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { parseStory, type Diagnostic, type Story } from '../../engine/index.ts';
import { EXIT_FINDINGS, EXIT_USAGE, type CliIO } from './command.ts';

/** A story file read and validated, or the reason it could not be used. */
export type LoadedStory =
  | { ok: true; story: Story; diagnostics: Diagnostic[] }
  | { ok: false; ioError?: string; diagnostics: Diagnostic[] };

/** Reads a story file and parses it once (parseStory); I/O failures are reported, never thrown. */
export async function loadStory(file: string): Promise<LoadedStory> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (cause) {
    return { ok: false, ioError: `cannot read ${file}: ${(cause as NodeJS.ErrnoException).code ?? String(cause)}`, diagnostics: [] };
  }
  const { story, diagnostics } = parseStory(text);
  return story === undefined ? { ok: false, diagnostics } : { ok: true, story, diagnostics };
}

/** `file:line:col severity code message`, the shape editors and CI annotators parse. */
export function formatDiagnostic(file: string, d: Diagnostic): string {
  const where = d.line !== undefined ? `${file}:${d.line}:${d.column ?? 1}` : file;
  const path = d.path === '' ? '' : ` (at ${d.path})`;
  return `${where} ${d.severity} ${d.code} ${d.message}${path}`;
}

/**
 * Loads a story for a command that needs a valid one (compile, graph, paths):
 * the story, or the exit code after printing why it cannot be used.
 */
export async function loadStoryForCommand(command: string, file: string, io: CliIO): Promise<{ story: Story } | { exit: number }> {
  const loaded = await loadStory(path.resolve(io.cwd, file));
  if (loaded.ok) return { story: loaded.story };
  if (loaded.ioError) io.err(`branchcast ${command}: ${loaded.ioError}\n`);
  for (const d of loaded.diagnostics) io.err(formatDiagnostic(file, d) + '\n');
  return { exit: loaded.ioError ? EXIT_USAGE : EXIT_FINDINGS };
}
