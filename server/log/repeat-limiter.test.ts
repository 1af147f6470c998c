import { describe, expect, it } from 'vitest';
import { recordingLogger } from '../../test/support/log-lines.ts';
import { createRepeatLimiter } from './repeat-limiter.ts';

describe('createRepeatLimiter', () => {
  it('logs the first failure, one summary with the count per window, and one line when it recovers', () => {
    let now = 1_000_000;
    const { logger, lines } = recordingLogger();
    const limiter = createRepeatLimiter({ log: logger, what: 'Redis unreachable', recovered: 'Redis reachable again', windowMs: 60_000, now: () => now });

    // 5 failures a second for 150 s: 750 failures.
    for (let i = 0; i < 750; i++) {
      limiter.failed(new Error('connect ECONNREFUSED'), { during: 'sweep' });
      now += 200;
    }
    expect(limiter.failing).toBe(true);
    limiter.succeeded();
    limiter.succeeded(); // already recovered: nothing more

    expect(lines.map((l) => l.msg)).toEqual([
      'Redis unreachable',
      'Redis unreachable, 300 times in 60 s',
      'Redis unreachable, 300 times in 60 s',
      'Redis reachable again (after 750 failures in 150 s)',
    ]);
    expect(lines[0]).toMatchObject({ level: 'warn', during: 'sweep', err: { message: 'connect ECONNREFUSED' } });
    expect(lines[1]).toMatchObject({ level: 'warn', count: 300, windowSeconds: 60 });
    expect(lines[3]).toMatchObject({ level: 'info', failures: 750, downSeconds: 150 });
    expect(limiter.failing).toBe(false);
  });

  it('starts afresh after a recovery: the next outage logs its first failure again', () => {
    let now = 0;
    const { logger, lines } = recordingLogger();
    const limiter = createRepeatLimiter({ log: logger, what: 'sweep failed', recovered: 'sweep works again', now: () => now });
    limiter.failed('x');
    limiter.failed('x');
    limiter.succeeded();
    now += 5_000;
    limiter.failed('y');
    expect(lines.map((l) => l.msg)).toEqual(['sweep failed', 'sweep works again (after 2 failures in 0 s)', 'sweep failed']);
  });

  it('writes nothing while things work', () => {
    const { logger, lines } = recordingLogger();
    const limiter = createRepeatLimiter({ log: logger, what: 'a', recovered: 'b' });
    for (let i = 0; i < 10; i++) limiter.succeeded();
    expect(lines).toEqual([]);
  });
});
