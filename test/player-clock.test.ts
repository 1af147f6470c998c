/** Clock estimate and controller on a fake clock: the bounds, their intersection, uncertainty, adaptive re-sampling. */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { estimateClock, SKEW_PER_MS, type TimeSample } from '../client/clock/clock-estimate.ts';
import { CLOCK, ClockSync } from '../client/clock/clock-sync.ts';
import { prng } from '../stories/generate-stress.ts';

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

const TRUE_OFFSET = 1_700_000_000_000.3;

/** A TIME exchange over a link with these one-way delays; the server stamps whole ms, as Date.now() does. */
function exchange(c0: number, up: number, down: number, processing = 0.2): TimeSample {
  const s1 = Math.floor(c0 + up + TRUE_OFFSET);
  const s2 = Math.floor(c0 + up + processing + TRUE_OFFSET);
  return { c0, s1, s2, c3: c0 + up + processing + down };
}

describe('clock estimate', () => {
  it('bounds the offset by each sample and keeps the tightest bound of each direction', () => {
    // The quickest forward and the quickest return delay came in different samples.
    const samples = [exchange(0, 2, 30), exchange(100, 30, 2), exchange(200, 15, 15)];
    const estimate = estimateClock(samples)!;
    expect(Math.abs(estimate.offset - TRUE_OFFSET)).toBeLessThanOrEqual(1);
    // A min-RTT pick would have taken the third sample alone (RTT 30) and its error could be ±15.
    expect(estimate.rtt).toBeCloseTo(30, 0);
  });

  it('converges on the true offset under uniform jitter, where the min-RTT median of a 16-window does not', () => {
    const random = prng(7);
    const samples: TimeSample[] = [];
    for (let i = 0; i < 40; i++) samples.push(exchange(i * 500, 50 + random() * 40, 50 + random() * 40));
    const estimate = estimateClock(samples)!;
    expect(Math.abs(estimate.offset - TRUE_OFFSET)).toBeLessThan(2);
    expect(estimate.uncertainty).toBeLessThan(3);
    expect(estimate.uncertainty).toBeGreaterThan(0);
  });

  it('reports a large uncertainty from few samples on a jittery link, and a small one on a quiet link', () => {
    const random = prng(3);
    const jittery = estimateClock([0, 1, 2].map((i) => exchange(i * 50, 50 + random() * 40, 50 + random() * 40)))!;
    expect(jittery.uncertainty).toBeGreaterThan(40);
    const quiet = estimateClock(Array.from({ length: 8 }, (_, i) => exchange(i * 50, 0.1 + random() * 0.05, 0.1 + random() * 0.05)))!;
    expect(quiet.uncertainty).toBeLessThanOrEqual(1);
    expect(Math.abs(quiet.offset - TRUE_OFFSET)).toBeLessThanOrEqual(0.6);
  });

  it('uses only the newest samples that agree when the server clock was stepped', () => {
    const before = [0, 1, 2, 3].map((i) => exchange(i * 50, 1, 1));
    const stepped = [4, 5, 6, 7, 8].map((i) => {
      const s = exchange(i * 50, 1, 1);
      return { ...s, s1: s.s1 + 500, s2: s.s2 + 500 };
    });
    const estimate = estimateClock([...before, ...stepped])!;
    expect(estimate.used).toBe(5);
    expect(Math.abs(estimate.offset - (TRUE_OFFSET + 500))).toBeLessThanOrEqual(1.5);
  });

  it('does not trust one lucky pair of close bounds: the uncertainty is the mean spacing of the best few', () => {
    // Two replies happened to be fast (1 and 1.2 ms), every other one 20 ms or more: the best
    // return bound may well be far from the floor, and one spacing (0.2 ms) would claim otherwise.
    const samples = [exchange(0, 1, 1), exchange(100, 1, 1.2), ...[2, 3, 4, 5, 6, 7].map((i) => exchange(i * 100, 1, 20 + i))];
    const estimate = estimateClock(samples)!;
    expect(estimate.uncertainty).toBeGreaterThan(3);
  });

  it('loosens every bound with its age (15 ppm), so an old estimate reports a growing uncertainty', () => {
    const samples = Array.from({ length: 8 }, (_, i) => exchange(i * 50, 0.1, 0.1));
    const fresh = estimateClock(samples)!;
    const later = estimateClock(samples, 350 + 600_000)!;
    // Ten minutes at 15 ppm widens each bound by 9 ms; the midpoint stays put.
    expect(later.offset).toBeCloseTo(fresh.offset, 6);
    expect(SKEW_PER_MS * 600_000).toBeCloseTo(9, 6);
    expect(later.uncertainty).toBeGreaterThan(fresh.uncertainty);
  });

  it('ignores impossible samples and has no estimate without samples', () => {
    expect(estimateClock([])).toBeUndefined();
    expect(estimateClock([{ c0: 10, s1: 5, s2: 6, c3: 9 }])).toBeUndefined();
  });
});

describe('clock controller', () => {
  it('sends a burst of 8 samples 50 ms apart, then re-samples by how sure the estimate is', () => {
    const sent: number[] = [];
    const clock = new ClockSync({ now: () => Date.now(), send: (c0) => (sent.push(c0), true), setTimeout: (f, ms) => setTimeout(f, ms), clearTimeout: (h) => clearTimeout(h as number) });
    const t0 = Date.now();
    clock.start();
    vi.advanceTimersByTime(CLOCK.burstGapMs * 7);
    expect(sent.map((c) => c - t0)).toEqual([0, 50, 100, 150, 200, 250, 300, 350]);
    // No replies: nothing is known, so it samples at the fastest period.
    expect(clock.nextGapMs()).toBe(CLOCK.periods[0]![1]);
    vi.advanceTimersByTime(CLOCK.periods[0]![1] - 1);
    expect(sent).toHaveLength(8);
    vi.advanceTimersByTime(1);
    expect(sent).toHaveLength(9);
    // A quiet link: tight samples at once, yet it keeps sampling every 250 ms until it has
    // enough of them to trust (a flood at join can delay a whole burst alike)…
    for (let i = 0; i < 8; i++) {
      const s = exchange(i * 50, 0.1, 0.1);
      clock.onReply(s.c0, s.s1, s.s2, s.c3);
    }
    expect(clock.uncertainty).toBeLessThanOrEqual(1);
    expect(clock.nextGapMs()).toBe(CLOCK.settleGapMs);
    // …then backs off to once every 5 s.
    for (let i = 8; i < CLOCK.settleSamples; i++) {
      const s = exchange(i * 50, 0.1, 0.1);
      clock.onReply(s.c0, s.s1, s.s2, s.c3);
    }
    expect(clock.nextGapMs()).toBe(5000);
    clock.stop();
  });

  it('samples every 100 ms on a jittery link until the estimate is within a few ms', () => {
    const clock = new ClockSync({ now: () => 0, send: () => true, setTimeout: () => 0, clearTimeout: () => undefined });
    const random = prng(11);
    const gaps: number[] = [];
    for (let i = 0; i < 60; i++) {
      const s = exchange(i * 100, 30 + random() * 40, 30 + random() * 40);
      clock.onReply(s.c0, s.s1, s.s2, s.c3);
      gaps.push(clock.nextGapMs());
    }
    expect(gaps[3]).toBe(100);
    expect(gaps[59]).toBeGreaterThanOrEqual(250);
    expect(Math.abs(clock.offset! - TRUE_OFFSET)).toBeLessThan(3);
  });

  it('keeps a bounded window', () => {
    const clock = new ClockSync({ now: () => 0, send: () => true, setTimeout: () => 0, clearTimeout: () => undefined });
    for (let i = 0; i < 200; i++) {
      const s = exchange(i * 10, 1, 1);
      clock.onReply(s.c0, s.s1, s.s2, s.c3);
    }
    expect(clock.samples).toBe(CLOCK.window);
    expect(Math.abs(clock.offset! - TRUE_OFFSET)).toBeLessThanOrEqual(1);
  });
});
