import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { generateSecret } from './generate-secret.ts';
import { signToken } from './sign-token.ts';
import { MAX_TOKEN_LENGTH, type TokenClaims } from './token-claims.ts';
import { tokenMac } from './token-mac.ts';
import { verifyToken } from './verify-token.ts';

const secret = generateSecret();
const NOW = 1_800_000_000;
const claims: TokenClaims = { room: 'room-1', role: 'viewer', sub: 'v-42', exp: NOW + 60 };

const arbClaims = fc.record({
  room: fc.string({ minLength: 1, maxLength: 128 }),
  role: fc.constantFrom('host' as const, 'viewer' as const),
  sub: fc.string({ minLength: 1, maxLength: 128, unit: 'grapheme' }),
  exp: fc.integer({ min: 0, max: 2 ** 40 }),
});

describe('signToken / verifyToken', () => {
  it('round-trips the claims while unexpired', () => {
    const token = signToken(secret, claims);
    expect(token).toMatch(/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]{43}$/);
    expect(verifyToken(secret, token, NOW)).toEqual({ ok: true, claims });
  });

  it('expires at exp, not a second later', () => {
    const token = signToken(secret, claims);
    expect(verifyToken(secret, token, claims.exp - 1).ok).toBe(true);
    expect(verifyToken(secret, token, claims.exp)).toEqual({ ok: false, reason: 'expired' });
    expect(verifyToken(secret, token, Number.NaN)).toEqual({ ok: false, reason: 'expired' });
  });

  it('refuses another key, an altered claim and a borrowed signature', () => {
    const token = signToken(secret, claims);
    expect(verifyToken(generateSecret(), token, NOW)).toEqual({ ok: false, reason: 'bad-signature' });
    const [, mac] = token.split('.');
    const forged = `${Buffer.from(JSON.stringify({ ...claims, role: 'host' })).toString('base64url')}.${mac}`;
    expect(verifyToken(secret, forged, NOW)).toEqual({ ok: false, reason: 'bad-signature' });
  });

  it('rotates keys: the first signs, every one verifies, empty keys never do', () => {
    const old = generateSecret();
    const fresh = generateSecret();
    const oldToken = signToken(old, claims);
    const freshToken = signToken([fresh, old], claims);
    expect(verifyToken([fresh, old], oldToken, NOW).ok).toBe(true);
    expect(verifyToken([fresh, old], freshToken, NOW).ok).toBe(true);
    expect(verifyToken(fresh, oldToken, NOW).ok).toBe(false);
    expect(verifyToken([old], freshToken, NOW).ok).toBe(false);
    expect(() => signToken('', claims)).toThrow(TypeError);
    expect(() => signToken([], claims)).toThrow(TypeError);
    expect(verifyToken(['', new Uint8Array()], signToken(secret, claims), NOW)).toEqual({ ok: false, reason: 'bad-signature' });
    const bytesKey = new Uint8Array(32).fill(9);
    expect(verifyToken(bytesKey, signToken(bytesKey, claims), NOW).ok).toBe(true);
  });

  it('calls malformed what is not a token', () => {
    const token = signToken(secret, claims);
    const [segment, mac] = token.split('.') as [string, string];
    for (const bad of ['', '.', 'abc', `${token}.x`, `${segment}.`, `.${mac}`, `${segment}.${mac}=`, `${segment}.${mac.slice(1)}`, `${segment} .${mac}`, `${segment}.${mac}A`, 'x'.repeat(MAX_TOKEN_LENGTH + 1)]) {
      expect(verifyToken(secret, bad, NOW), bad.slice(0, 40)).toEqual({ ok: false, reason: 'malformed' });
    }
    for (const notString of [undefined, null, 42, {}, ['a.b'], Buffer.from(token)]) {
      expect(verifyToken(secret, notString as unknown as string, NOW)).toEqual({ ok: false, reason: 'malformed' });
    }
  });

  it('calls malformed a correctly signed segment that holds no valid claims', () => {
    for (const body of ['not json', '[]', '{"room":"r","role":"viewer","sub":"s"}', JSON.stringify({ ...claims, exp: '9' })]) {
      const segment = Buffer.from(body).toString('base64url');
      const token = `${segment}.${tokenMac(secret, segment).toString('base64url')}`;
      expect(verifyToken(secret, token, NOW)).toEqual({ ok: false, reason: 'malformed' });
    }
  });

  it('refuses to sign claims that could never verify', () => {
    for (const bad of [{ ...claims, room: '' }, { ...claims, role: 'admin' }, { ...claims, sub: 'x'.repeat(129) }, { ...claims, exp: 1.5 }, { ...claims, exp: -1 }]) {
      expect(() => signToken(secret, bad as TokenClaims)).toThrow(TypeError);
    }
  });

  it('round-trips any valid claims (property)', () => {
    fc.assert(
      fc.property(arbClaims, (c) => {
        const token = signToken(secret, c);
        expect(token.length).toBeLessThanOrEqual(MAX_TOKEN_LENGTH);
        expect(verifyToken(secret, token, c.exp - 1)).toEqual({ ok: true, claims: c });
      }),
    );
  });

  it('never throws on arbitrary input, and never accepts it (property)', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ maxLength: 3000 }), fc.string({ unit: 'binary' }), fc.anything()), (input) => {
        const result = verifyToken(secret, input as string, NOW);
        expect(result.ok).toBe(false);
      }),
      { numRuns: 1000 },
    );
  });

  it('rejects every single-character change to a valid token (property)', () => {
    const token = signToken(secret, claims);
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.=+/ ';
    fc.assert(
      fc.property(fc.nat({ max: token.length - 1 }), fc.constantFrom(...alphabet), (at, char) => {
        fc.pre(token[at] !== char);
        const mutated = token.slice(0, at) + char + token.slice(at + 1);
        expect(verifyToken(secret, mutated, NOW).ok).toBe(false);
      }),
      { numRuns: 2000 },
    );
  });
});
