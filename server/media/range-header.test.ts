import { describe, expect, it } from 'vitest';
import { MAX_RANGES, parseRangeHeader } from './range-header.ts';

const SIZE = 1000;

describe('parseRangeHeader', () => {
  it('reports an absent header as none', () => {
    expect(parseRangeHeader(undefined, SIZE)).toEqual({ kind: 'none' });
    expect(parseRangeHeader('', SIZE)).toEqual({ kind: 'none' });
  });

  it.each([
    ['bytes=0-499', 0, 499],
    ['bytes=500-999', 500, 999],
    ['bytes=500-', 500, 999],
    ['bytes=-200', 800, 999],
    ['bytes=-5000', 0, 999], // suffix longer than the file: the whole file
    ['bytes=900-5000', 900, 999], // last-pos clipped to the size
    ['bytes=0-0', 0, 0],
    ['BYTES=1-2', 1, 2], // units are case-insensitive
    ['bytes=0-99999999999999999999999', 0, 999], // absurd last-pos is still "to the end"
    ['bytes=007-010', 7, 10],
  ])('%s → [%i, %i]', (header, start, end) => {
    expect(parseRangeHeader(header, SIZE)).toEqual({ kind: 'satisfiable', ranges: [{ start, end }] });
  });

  it('keeps every satisfiable range of a list, skipping empty elements and OWS', () => {
    expect(parseRangeHeader('bytes=0-1, ,5-6 ,2000-3000', SIZE)).toEqual({
      kind: 'satisfiable',
      ranges: [{ start: 0, end: 1 }, { start: 5, end: 6 }],
    });
  });

  it.each(['bytes=1000-', 'bytes=1000-2000', 'bytes=-0', 'bytes=5000-,6000-6001', 'bytes=99999999999999999999-'])('%s is unsatisfiable', (header) => {
    expect(parseRangeHeader(header, SIZE)).toEqual({ kind: 'unsatisfiable' });
  });

  it.each([
    'bytes',
    'bytes=',
    'bytes=,',
    'bytes=abc',
    'bytes=5-1', // last < first
    'bytes=-',
    'bytes=1-2-3',
    'bytes= 0-1x',
    'bytes=0x10-20',
    'bytes=+1-2',
    'bytes=-1-2',
    'items=0-1', // another unit
    '=0-1',
    'bytes=1.5-2',
    'bytes=0-1,junk',
    'bytes=18446744073709551617-18446744073709551616', // last < first beyond float precision
  ])('ignores the invalid header %j', (header) => {
    expect(parseRangeHeader(header, SIZE).kind).toBe('ignored');
  });

  it('ignores a header with more ranges than the cap, without parsing them all', () => {
    const many = `bytes=${Array.from({ length: MAX_RANGES + 1 }, (_, i) => `${i}-${i}`).join(',')}`;
    expect(parseRangeHeader(many, SIZE)).toMatchObject({ kind: 'ignored', reason: 'too many ranges' });
    const huge = `bytes=${'0-0,'.repeat(100_000)}0-0`;
    expect(parseRangeHeader(huge, SIZE)).toMatchObject({ kind: 'ignored', reason: 'too many ranges' });
  });

  it('treats every range of an empty representation as unsatisfiable', () => {
    expect(parseRangeHeader('bytes=0-', 0)).toEqual({ kind: 'unsatisfiable' });
    expect(parseRangeHeader('bytes=-10', 0)).toEqual({ kind: 'unsatisfiable' });
  });
});

describe('parseRangeHeader on arbitrary input', () => {
  it('never throws, and every range it returns lies inside the file', async () => {
    const fc = await import('fast-check');
    const rangeLike = fc.stringMatching(/^(bytes|BYTES|x)?=?[-0-9, ]{0,40}$/);
    fc.assert(
      fc.property(fc.oneof(fc.string(), rangeLike), fc.nat(10_000_000), (header, size) => {
        const result = parseRangeHeader(header, size);
        if (result.kind === 'satisfiable') {
          for (const { start, end } of result.ranges) {
            expect(Number.isInteger(start) && Number.isInteger(end)).toBe(true);
            expect(0 <= start && start <= end && end < size).toBe(true);
          }
        }
      }),
      { numRuns: 3000 },
    );
  });
});
