import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { packageRoot } from './build-mode.ts';

/** The package version, read once from package.json (reported by /healthz). */
export function packageVersion(): string {
  const pkg: unknown = JSON.parse(readFileSync(join(packageRoot(), 'package.json'), 'utf8'));
  return typeof pkg === 'object' && pkg !== null && 'version' in pkg && typeof pkg.version === 'string' ? pkg.version : '0.0.0';
}
