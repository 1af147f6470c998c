/** Clock controller on a fake clock: the burst, the period, the min-RTT median, negative RTT. */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { CLOCK, ClockSync, clockSample, estimateOffset } from '../player/clock/clock-sync.ts';

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

describe('clock sync', () => {
  it('computes offset and RTT per docs/protocol.md §7, clamping negative RTT', () => {
    expect(clockSample(100, 1100, 1101, 110)).toEqual({ rtt: 9, offset: 995.5 });
    expect(clockSample(100, 1100, 1101, 100.5).rtt).toBe(0);
  });

  it('takes the median of the lowest-RTT half', () => {
    const samples = [
      { rtt: 1, offset: 10 }, { rtt: 2, offset: 12 }, { rtt: 3, offset: 11 }, { rtt: 4, offset: 13 },
      { rtt: 200, offset: 500 }, { rtt: 300, offset: -400 }, { rtt: 250, offset: 90 }, { rtt: 180, offset: 70 },
    ];
    expect(estimateOffset(samples)).toBe(11.5);
    expect(estimateOffset([])).toBeUndefined();
  });

  it('sends a burst of 8 samples 50 ms apart, then one every 5 s', () => {
    const sent: number[] = [];
    const clock = new ClockSync({ now: () => Date.now(), send: (c0) => (sent.push(c0), true), setTimeout: (f, ms) => setTimeout(f, ms), clearTimeout: (h) => clearTimeout(h as number) });
    const t0 = Date.now();
    clock.start();
    vi.advanceTimersByTime(CLOCK.burstGapMs * 7);
    expect(sent.map((c) => c - t0)).toEqual([0, 50, 100, 150, 200, 250, 300, 350]);
    vi.advanceTimersByTime(4999);
    expect(sent).toHaveLength(8);
    vi.advanceTimersByTime(1);
    expect(sent).toHaveLength(9);
    clock.stop();
  });

  it('converges on the true offset despite asymmetric delays', () => {
    let local = 0;
    const clock = new ClockSync({ now: () => local, send: () => true, setTimeout: () => 0, clearTimeout: () => undefined });
    const TRUE_OFFSET = 1_700_000_000_000;
    // Symmetric 2 ms samples, plus queueing outliers that skew one direction.
    for (const [up, down] of [[2, 2], [2, 2], [40, 2], [2, 90], [3, 3], [2, 2], [150, 1], [2, 2]] as const) {
      const c0 = local;
      const s1 = c0 + up + TRUE_OFFSET;
      local = c0 + up + down;
      clock.onReply(c0, s1, s1, local);
    }
    expect(Math.abs(clock.offset! - TRUE_OFFSET)).toBeLessThanOrEqual(0.5);
    expect(clock.rtt).toBe(4);
  });
});
