/**
 * axe findings in studio files this change may not touch (another engineer
 * is rewriting them): the hotspot inspector, the region editor, the studio
 * element's own template and the story map. a11y.test.ts prints them on every
 * run and asserts everything else, so they stay visible until fixed there.
 */
import type { Finding } from './axe-check.ts';

interface Known {
  rule: string;
  /** A fragment of the target path or of the element's HTML that places it in one of those files. */
  where: RegExp;
  file: string;
}

const KNOWN: Known[] = [];

export function knownStudioFindings(found: Finding[]): { known: Finding[]; rest: Finding[] } {
  const isKnown = (f: Finding): boolean => KNOWN.some((k) => k.rule === f.rule && (k.where.test(f.target) || k.where.test(f.html)));
  return { known: found.filter(isKnown), rest: found.filter((f) => !isKnown(f)) };
}

/** Where each known finding should be fixed, for the report. */
export function knownFile(f: Finding): string | undefined {
  return KNOWN.find((k) => k.rule === f.rule && (k.where.test(f.target) || k.where.test(f.html)))?.file;
}
