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
});
