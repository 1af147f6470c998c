import { afterEach, describe, expect, it, vi } from 'vitest';
import { generateSecret } from './generate-secret.ts';
import { signToken } from './sign-token.ts';
import type { TokenClaims } from './token-claims.ts';
import type * as TokenMacModule from './token-mac.ts';
import { createTokenVerifier } from './token-verifier.ts';

// Counts HMACs: a cache hit computes none, a miss one per key.
const macs = vi.hoisted(() => ({ count: 0 }));
vi.mock('./token-mac.ts', async (importOriginal) => {
  const original = await importOriginal<typeof TokenMacModule>();
  return { ...original, tokenMac: (...args: Parameters<typeof original.tokenMac>) => (macs.count++, original.tokenMac(...args)) };
});
afterEach(() => {
  macs.count = 0;
});

const NOW = 1_800_000_000;
const claims = (sub: string, exp = NOW + 60): TokenClaims => ({ room: 'room-1', role: 'viewer', sub, exp });
/** HMACs computed by one call. */
const macsFor = (call: () => unknown): number => {
  const before = macs.count;
  call();
  return macs.count - before;
};

describe('createTokenVerifier', () => {
  it('answers like verifyToken, and a token seen before costs no HMAC, while its expiry is still checked', () => {
    const secret = generateSecret();
    const tokens = createTokenVerifier(secret);
    const token = signToken(secret, claims('v-1'));
    expect(macsFor(() => expect(tokens.verify(token, NOW)).toEqual({ ok: true, claims: claims('v-1') }))).toBe(1);
    expect(macsFor(() => expect(tokens.verify(token, NOW)).toEqual({ ok: true, claims: claims('v-1') }))).toBe(0);
    expect(macsFor(() => expect(tokens.verify(token, NOW + 60)).toEqual({ ok: false, reason: 'expired' }))).toBe(0);
    // Refused tokens are never remembered: each try costs its HMAC again.
    const forged = signToken(generateSecret(), claims('v-2'));
    expect(macsFor(() => expect(tokens.verify(forged, NOW)).toEqual({ ok: false, reason: 'bad-signature' }))).toBe(1);
    expect(macsFor(() => tokens.verify(forged, NOW))).toBe(1);
  });

  it('hands out copies: a caller mutating its claims cannot change the next answer', () => {
    const secret = generateSecret();
    const tokens = createTokenVerifier(secret);
    const token = signToken(secret, claims('v-1'));
    const first = tokens.verify(token, NOW);
    if (first.ok) first.claims.room = 'another-room';
    expect(tokens.verify(token, NOW)).toEqual({ ok: true, claims: claims('v-1') });
  });

  it('two verifiers share no entries, each keeps its own across the other’s work', () => {
    const [keyA, keyB] = [generateSecret(), generateSecret()];
    const a = createTokenVerifier(keyA);
    const b = createTokenVerifier(keyB);
    const token = signToken(keyA, claims('v-1'));
    expect(a.verify(token, NOW).ok).toBe(true);
    // A shared cache would answer b from a's entry; b checks its own keyring and refuses.
    expect(macsFor(() => expect(b.verify(token, NOW)).toEqual({ ok: false, reason: 'bad-signature' }))).toBe(1);
    const ownToken = signToken(keyB, claims('v-2'));
    expect(macsFor(() => expect(b.verify(ownToken, NOW).ok).toBe(true))).toBe(1);
    // And b's work did not empty a's cache (a module-wide cache was emptied on every keyring switch).
    expect(macsFor(() => expect(a.verify(token, NOW).ok).toBe(true))).toBe(0);
    // Same keys, new verifier: it starts empty.
    const again = createTokenVerifier(keyA);
    expect(macsFor(() => expect(again.verify(token, NOW).ok).toBe(true))).toBe(1);
  });

  it('stays bounded, forgetting the oldest token first', () => {
    const secret = generateSecret();
    const tokens = createTokenVerifier(secret, { cacheSize: 2 });
    const [t1, t2, t3] = ['v-1', 'v-2', 'v-3'].map((sub) => signToken(secret, claims(sub)));
    for (const token of [t1, t2, t3]) tokens.verify(token as string, NOW);
    expect(macsFor(() => tokens.verify(t3 as string, NOW))).toBe(0);
    expect(macsFor(() => tokens.verify(t2 as string, NOW))).toBe(0);
    expect(macsFor(() => tokens.verify(t1 as string, NOW))).toBe(1);
  });

  it('checks every key of a rotated keyring on a miss', () => {
    const [fresh, old] = [generateSecret(), generateSecret()];
    const tokens = createTokenVerifier([fresh, old]);
    const token = signToken(old, claims('v-1'));
    expect(macsFor(() => expect(tokens.verify(token, NOW).ok).toBe(true))).toBe(2);
  });
});
