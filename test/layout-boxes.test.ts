import { describe, expect, it } from 'vitest';
import { contains, overlapArea, overlappingPairs, smallTargets } from './support/layout-boxes.ts';

const box = (x: number, y: number, width: number, height: number) => ({ x, y, width, height });

describe('layout boxes', () => {
  it('overlap is the shared area; touching or sub-pixel contact is none', () => {
    expect(overlapArea(box(0, 0, 10, 10), box(5, 5, 10, 10))).toBe(25);
    expect(overlapArea(box(0, 0, 10, 10), box(10, 0, 10, 10))).toBe(0);
    expect(overlapArea(box(0, 0, 10, 10), box(9.8, 0, 10, 10))).toBe(0);
    expect(overlapArea(box(0, 0, 10, 10), box(0, 20, 10, 10))).toBe(0);
    expect(overlapArea(box(0, 0, 100, 100), box(10, 10, 5, 5))).toBe(25);
  });

  it('lists each overlapping pair once', () => {
    const pairs = overlappingPairs([
      { name: 'vote', box: box(0, 0, 100, 50) },
      { name: 'quiz', box: box(0, 40, 100, 50) },
      { name: 'form', box: box(0, 100, 100, 44) },
    ]);
    expect(pairs).toEqual([{ a: 'vote', b: 'quiz', area: 1000 }]);
  });

  it('contains allows equal edges and rounding, not a box that sticks out', () => {
    expect(contains(box(0, 0, 390, 844), box(0, 0, 390, 219.4))).toBe(true);
    expect(contains(box(0, 0, 390, 844), box(0.2, 0, 390.1, 10))).toBe(true);
    expect(contains(box(0, 0, 390, 844), box(-8, 0, 398, 10))).toBe(false);
  });

  it('flags targets under 44 × 44', () => {
    const small = smallTargets([
      { name: 'ok', box: box(0, 0, 44, 44) },
      { name: 'short', box: box(0, 0, 200, 38) },
      { name: 'narrow', box: box(0, 0, 30, 60) },
    ]);
    expect(small.map((t) => t.name)).toEqual(['short', 'narrow']);
  });
});
