import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { CueTimer } from './cue-timer.ts';

beforeEach(() => void vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'], now: 1_000 }));
afterEach(() => void vi.useRealTimers());

describe('cue timer', () => {
  it('wakes just after the armed instant, once, contains a throw, and disarms', () => {
    const wakes: number[] = [];
    const contained: unknown[] = [];
    let fail = false;
    const timer = new CueTimer(
      () => Date.now(),
      () => {
        wakes.push(Date.now());
        if (fail) throw new Error('boom');
      },
      (error) => contained.push(error),
    );
    timer.arm(1_100);
    vi.advanceTimersByTime(100);
    expect(wakes).toEqual([]); // +1 ms: never a hair early
    vi.advanceTimersByTime(1);
    expect(wakes).toEqual([1_101]);
    expect(timer.at).toBeUndefined();
    fail = true;
    timer.arm(1_200);
    vi.advanceTimersByTime(100);
    expect(contained).toHaveLength(1);
    timer.arm(1_300);
    timer.arm(undefined);
    vi.advanceTimersByTime(1_000);
    expect(wakes).toHaveLength(2);
  });
});
