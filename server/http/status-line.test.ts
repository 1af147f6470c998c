import { STATUS_CODES } from 'node:http';
import { describe, expect, it } from 'vitest';
import { statusLine } from './status-line.ts';

describe('statusLine', () => {
  it("takes node:http's reason phrases", () => {
    expect(statusLine(200)).toBe('200 OK');
    expect(statusLine(416)).toBe('416 Range Not Satisfiable');
    expect(statusLine(423)).toBe('423 Locked');
  });

  it("names tus's 460, and sends a code without a phrase bare", () => {
    expect(statusLine(460)).toBe('460 Checksum Mismatch');
    expect(statusLine(599)).toBe('599');
  });

  it('answers the same line from its cache as on first use, for every code', () => {
    for (let status = 100; status <= 999; status += 1) {
      const reason = STATUS_CODES[status] ?? (status === 460 ? 'Checksum Mismatch' : undefined);
      const expected = reason === undefined ? String(status) : `${status} ${reason}`;
      expect(statusLine(status)).toBe(expected);
      expect(statusLine(status)).toBe(expected);
    }
  });

  it('still answers codes it does not cache (out of range or not integers)', () => {
    expect(statusLine(42)).toBe('42');
    expect(statusLine(1000)).toBe('1000');
    expect(statusLine(200.5)).toBe('200.5');
    expect(statusLine(200)).toBe('200 OK');
  });
});
