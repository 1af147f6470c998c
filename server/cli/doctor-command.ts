import { parseArgs } from 'node:util';
import { EXIT_FINDINGS, EXIT_OK, type CliIO } from './command.ts';
import { doctorChecks, type DoctorCheck } from './doctor-checks.ts';

/**
 * `branchcast doctor [--json]`: what was found (ffmpeg and its version,
 * Chromium, Redis, …), what each is for, and how to install what is missing.
 * Exit 1 when something `npm start` needs is missing.
 */
export async function doctorCommand(argv: string[], io: CliIO): Promise<number> {
  const { values } = parseArgs({ args: argv, options: { json: { type: 'boolean' } }, allowPositionals: false, strict: true });
  const checks = doctorChecks();
  const ready = checks.every((c) => !c.required || c.found);
  if (values.json) {
    io.out(`${JSON.stringify({ ready, checks }, null, 2)}\n`);
  } else {
    for (const check of checks) io.out(describe(check));
    io.out(ready ? '\nready: `npm start` has everything it needs\n' : '\nnot ready: install what is marked missing above\n');
  }
  return ready ? EXIT_OK : EXIT_FINDINGS;
}

function describe(check: DoctorCheck): string {
  const mark = check.found ? 'ok     ' : check.required ? 'MISSING' : 'absent ';
  const head = `${mark} ${check.name.padEnd(16)}${check.found ? `${check.found}${check.version ? `  ${check.version}` : ''}` : ''}`;
  const fix = check.found ? '' : `\n          install: ${check.install}`;
  return `${head}\n          for: ${check.usedFor}${check.required ? '' : ' (optional)'}${fix}\n`;
}
