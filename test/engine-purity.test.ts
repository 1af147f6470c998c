import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const eslint = new ESLint({ cwd: new URL('..', import.meta.url).pathname });

async function ruleIds(code: string, file = 'engine/purity-probe.ts'): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: file });
  return (result?.messages ?? []).map((m) => m.ruleId ?? 'parse');
}

/** The lint rule that keeps engine/ pure must actually fire: each of these is a violation. */
describe('engine purity lint rule', () => {
  const violations: Array<[string, string, string]> = [
    ['a Node built-in', "import { readFileSync } from 'node:fs';\nexport const f = readFileSync;", 'no-restricted-imports'],
    ['an I/O module', "import http from 'http';\nexport const h = http;", 'no-restricted-imports'],
    ['the clock', 'export const now = () => Date.now();', 'no-restricted-properties'],
    ['new Date()', 'export const d = () => new Date();', 'no-restricted-syntax'],
    ['randomness', 'export const r = () => Math.random();', 'no-restricted-properties'],
    ['a timer', 'export const t = () => setTimeout(() => 0, 1);', 'no-restricted-globals'],
    ['fetch', "export const f = () => fetch('x');", 'no-restricted-globals'],
    ['the process', 'export const p = () => process.env;', 'no-restricted-globals'],
    ['performance.now', 'export const p = () => performance.now();', 'no-restricted-globals'],
    ['eval', "export const e = () => eval('1');", 'no-restricted-syntax'],
    ['a server import', "import { x } from '../server/x.ts';\nexport const y = x;", 'no-restricted-imports'],
  ];
  it.each(violations)('forbids %s', async (_what, code, rule) => {
    expect(await ruleIds(code)).toContain(rule);
  });

  it('allows pure code, and the same code outside engine/', async () => {
    expect(await ruleIds('export const add = (a: number, b: number): number => a + b;')).toEqual([]);
    expect(await ruleIds('export const now = () => Date.now();', 'server/clock-probe.ts')).toEqual([]);
  });
});
