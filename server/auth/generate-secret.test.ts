import { describe, expect, it } from 'vitest';
import { generateSecret } from './generate-secret.ts';

describe('generateSecret', () => {
  it('gives 43 base64url characters that never start with a dash (so a pasted key is never read as an option)', () => {
    // 4,000 draws: a generator that allowed a leading '-' (1 in 64) passes with odds below 1e-27.
    const secrets = Array.from({ length: 4000 }, generateSecret);
    for (const secret of secrets) expect(secret).toMatch(/^[A-Za-z0-9_][A-Za-z0-9_-]{42}$/);
    expect(new Set(secrets).size).toBe(secrets.length);
  });
});
