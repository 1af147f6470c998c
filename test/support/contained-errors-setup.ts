/**
 * vitest globalSetup: every server a test starts (in-process or as a child
 * process, which inherits the environment) appends each contained error to
 * one file; the run fails if that file is not empty at the end. Containment
 * keeps a node up, but a contained error is still a bug: CI must see it.
 * Tests that inject faults on purpose pass `onContained` to createServer.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ERRORS_FILE_ENV } from '../../server/health/contained-errors.ts';

export default function setup(): () => void {
  const dir = mkdtempSync(join(tmpdir(), 'branchcast-contained-'));
  const file = join(dir, 'errors.jsonl');
  process.env[ERRORS_FILE_ENV] = file;
  return () => {
    let text = '';
    try {
      text = readFileSync(file, 'utf8');
    } catch {
      // No file: nothing was contained.
    }
    rmSync(dir, { recursive: true, force: true });
    const lines = text.split('\n').filter((line) => line.length > 0);
    if (lines.length > 0) {
      // A throw here is printed but does not change vitest's exit code (vitest 4.1); exitCode does.
      process.stderr.write(`\n${lines.length} contained error(s) were counted during the test run (each is a bug that a boundary caught):\n${lines.slice(0, 20).join('\n')}\n`);
      process.exitCode = 1;
    }
  };
}
