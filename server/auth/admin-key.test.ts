import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { checkAdminKey } from './admin-key.ts';
import { generateSecret } from './generate-secret.ts';
import { parseBearer } from './parse-bearer.ts';
import { safeEqual } from './safe-equal.ts';

describe('parseBearer', () => {
  it('takes the credential of a Bearer header, any case of the scheme', () => {
    expect(parseBearer('Bearer abc.DEF-_~+/=')).toBe('abc.DEF-_~+/=');
    expect(parseBearer('bearer   tok  ')).toBe('tok');
    expect(parseBearer('BEARER tok')).toBe('tok');
  });

  it('answers undefined for anything else', () => {
    for (const header of [undefined, '', 'Bearer', 'Bearer ', 'Basic dXNlcjpwYXNz', 'Bearertok', 'Bearer a b', 'Bearer a\nb', 'Bearer =abc', `Bearer ${'a'.repeat(5000)}`]) {
      expect(parseBearer(header)).toBeUndefined();
    }
    fc.assert(fc.property(fc.anything(), (value) => void parseBearer(value as string)));
  });
});

describe('checkAdminKey', () => {
  const key = generateSecret();

  it('accepts the key and nothing else', () => {
    expect(checkAdminKey(`Bearer ${key}`, key)).toBe(true);
    expect(checkAdminKey(`Bearer ${key}x`, key)).toBe(false);
    expect(checkAdminKey(`Bearer ${key.slice(1)}`, key)).toBe(false);
    expect(checkAdminKey(key, key)).toBe(false);
    expect(checkAdminKey(undefined, key)).toBe(false);
  });

  it('never matches when no key is configured', () => {
    expect(checkAdminKey('Bearer ', '')).toBe(false);
    expect(checkAdminKey('Bearer x', '')).toBe(false);
  });

  it('compares strings of any lengths without throwing', () => {
    expect(safeEqual('a', 'a')).toBe(true);
    expect(safeEqual('a', 'ab')).toBe(false);
    expect(safeEqual('', '')).toBe(true);
  });
});

describe('generateSecret', () => {
  it('makes distinct 32-byte base64url secrets', () => {
    const a = generateSecret();
    expect(a).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(Buffer.from(a, 'base64url')).toHaveLength(32);
    expect(generateSecret()).not.toBe(a);
  });
});
