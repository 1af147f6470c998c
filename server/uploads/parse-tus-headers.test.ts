import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { parseNonNegativeInteger, parseUploadChecksum } from './parse-tus-headers.ts';

describe('parseNonNegativeInteger', () => {
  it('accepts plain decimal integers', () => {
    expect(parseNonNegativeInteger('0')).toBe(0);
    expect(parseNonNegativeInteger('21474836480')).toBe(21474836480);
  });

  it.each(['', '-1', '+1', '1.5', '1e3', '0x10', ' 1', '99999999999999999'])('rejects %j', (value) => {
    expect(parseNonNegativeInteger(value)).toBeUndefined();
  });
});

describe('parseUploadChecksum', () => {
  const sha1 = createHash('sha1').update('hello').digest();

  it('parses algorithm and digest', () => {
    const result = parseUploadChecksum(`sha1 ${sha1.toString('base64')}`);
    expect(result.ok && result.checksum.algorithm).toBe('sha1');
    expect(result.ok && result.checksum.digest.equals(sha1)).toBe(true);
  });

  it('accepts sha256 and upper-case names', () => {
    const digest = createHash('sha256').update('x').digest('base64');
    expect(parseUploadChecksum(`SHA256 ${digest}`).ok).toBe(true);
  });

  it('reports an unsupported algorithm distinctly', () => {
    const result = parseUploadChecksum(`crc32 ${sha1.toString('base64')}`);
    expect(result).toMatchObject({ ok: false, reason: 'unsupported-algorithm' });
  });

  it.each(['sha1', 'sha1 ', `sha1  ${'a'.repeat(28)}`, 'sha1 !!!!', 'sha1 YQ=='])('rejects malformed %j', (value) => {
    expect(parseUploadChecksum(value)).toMatchObject({ ok: false, reason: 'malformed' });
  });
});
