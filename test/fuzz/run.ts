/**
 * `npm run fuzz -- --minutes N [--scale S]`: the fuzz suites as a soak run.
 * Runs `vitest run test/fuzz` over and over, each round with a fresh FUZZ_SEED
 * and FUZZ_SCALE=S (default 5: five times CI's case counts), until N minutes
 * (default 10, at most 24 h) have passed. Sums the case counts the suites
 * print; on the first failing round, stops and prints the seed that replays it.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { parseArgs } from 'node:util';

const { values } = parseArgs({ options: { minutes: { type: 'string', default: '10' }, scale: { type: 'string', default: '5' } } });
const minutes = Math.min(24 * 60, Math.max(0, Number(values.minutes)));
const scale = Number(values.scale);
if (!Number.isFinite(minutes) || !Number.isFinite(scale) || scale <= 0) {
  process.stderr.write('usage: npm run fuzz -- --minutes N [--scale S]\n');
  process.exit(2);
}

const REPO = join(import.meta.dirname, '..', '..');
const VITEST = join(REPO, 'node_modules', 'vitest', 'vitest.mjs');
const deadline = Date.now() + minutes * 60_000;
/** Also bounded in count, whatever the clock does. */
const MAX_ROUNDS = 10_000;

function round(seed: number): Promise<{ ok: boolean; cases: number }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [VITEST, 'run', 'test/fuzz'], { cwd: REPO, env: { ...process.env, FUZZ_SEED: String(seed), FUZZ_SCALE: String(scale) }, stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      process.stdout.write(chunk);
    });
    child.on('close', (code) => {
      const cases = [...out.matchAll(/^fuzz [\w-]+: (\d+) cases/gm)].reduce((n, m) => n + Number(m[1]), 0);
      resolve({ ok: code === 0, cases });
    });
  });
}

let total = 0;
let rounds = 0;
do {
  const seed = Math.floor(Math.random() * 2 ** 31);
  const result = await round(seed);
  rounds++;
  total += result.cases;
  if (!result.ok) {
    process.stdout.write(`\nfuzz soak: round ${rounds} FAILED; replay with FUZZ_SEED=${seed} FUZZ_SCALE=${scale} npx vitest run test/fuzz\n`);
    process.exit(1);
  }
  process.stdout.write(`fuzz soak: round ${rounds} passed, ${total} cases so far\n`);
} while (Date.now() < deadline && rounds < MAX_ROUNDS);
process.stdout.write(`fuzz soak: ${rounds} round(s), ${total} cases, no failure\n`);
