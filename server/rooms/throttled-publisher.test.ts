import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ThrottledPublisher } from './throttled-publisher.ts';

describe('ThrottledPublisher', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('publishes a burst once, then at most once per interval, measured between publishes', async () => {
    const published: number[] = [];
    let release: () => void = () => {};
    let slow = false;
    const ready = () => (slow ? new Promise<void>((r) => (release = r)) : Promise.resolve());
    const p = new ThrottledPublisher(100, () => Date.now(), ready, () => published.push(Date.now()));
    const t0 = Date.now();
    for (let i = 0; i < 50; i++) p.request();
    await vi.advanceTimersByTimeAsync(0);
    expect(published).toEqual([t0]);

    // A slow ready() delays a publish; the next one still waits a full interval after it.
    slow = true;
    p.request();
    await vi.advanceTimersByTimeAsync(100);
    expect(published).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(80);
    release();
    await vi.advanceTimersByTimeAsync(0);
    expect(published).toHaveLength(2);
    slow = false;
    p.request();
    await vi.advanceTimersByTimeAsync(99);
    expect(published).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(1);
    expect(published).toHaveLength(3);
    for (let i = 1; i < published.length; i++) expect(published[i]! - published[i - 1]!).toBeGreaterThanOrEqual(100);
  });

  it('does nothing after stop', async () => {
    const publish = vi.fn();
    const p = new ThrottledPublisher(100, () => Date.now(), () => Promise.resolve(), publish);
    p.request();
    p.stop();
    await vi.advanceTimersByTimeAsync(500);
    expect(publish).not.toHaveBeenCalled();
  });
});
