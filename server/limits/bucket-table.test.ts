import { describe, expect, it } from 'vitest';
import { BucketTable } from './bucket-table.ts';

describe('BucketTable', () => {
  it('keeps a spending client limited when the table fills up, dropping only full buckets', () => {
    const table = new BucketTable(2, 1, 100);
    let now = 0;
    // One client spends its burst of 2; the third command is refused.
    expect([table.take('spender', now), table.take('spender', now), table.take('spender', now)]).toEqual([true, true, false]);
    // 99 other clients send one command each a while ago: their buckets refill and become full, dropping nothing.
    for (let i = 0; i < 99; i++) table.take(`idle-${i}`, now);
    expect(table.size).toBe(100);
    now += 500; // half a token for the spender; the idle ones are still not full
    table.take(`idle-0`, now);
    now += 2500; // the idle ones are full again; the spender spends what it got
    expect(table.take('spender', now)).toBe(true);
    expect(table.take('spender', now)).toBe(true);
    // A new key at the size limit: the full buckets go, the spender's (empty) one stays, still refusing.
    expect(table.take('newcomer', now)).toBe(true);
    expect(table.size).toBeLessThan(100);
    expect(table.take('spender', now)).toBe(false);
  });

  it('drops its oldest half when every bucket is in use, so memory stays bounded', () => {
    const table = new BucketTable(1, 1, 10);
    for (let i = 0; i < 10; i++) expect(table.take(`k${i}`, 0)).toBe(true); // all spent, none full
    expect(table.take('k10', 0)).toBe(true);
    expect(table.size).toBe(6); // 10 → 5 dropped (the oldest) → + k10
    expect(table.take('k9', 0)).toBe(false); // a recent one kept its state
    expect(table.take('k0', 0)).toBe(true); // an old one was dropped: a fresh budget
  });
});
