import { describe, expect, it } from 'vitest';
import { SnapshotCadence } from './snapshot-cadence.ts';

describe('snapshot cadence', () => {
  it('asks for one after `every` records, at most once per interval, never while one is being written', () => {
    const cadence = new SnapshotCadence(3, 1000);
    expect([cadence.next(0), cadence.next(0), cadence.next(0)]).toEqual([false, false, true]);
    // Three more records, but the previous snapshot is still being written.
    expect([cadence.next(2000), cadence.next(2000), cadence.next(2000)]).toEqual([false, false, false]);
    cadence.written();
    expect(cadence.next(2000)).toBe(true);
    cadence.written();
    // Enough records again, but within the interval: not before it has passed.
    expect([cadence.next(2100), cadence.next(2200), cadence.next(2300), cadence.next(2999)]).toEqual([false, false, false, false]);
    expect(cadence.next(3000)).toBe(true);
  });
});
