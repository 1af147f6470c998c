import { describe, expect, it } from 'vitest';
import { JobQueue, QueueFullError, type JobRun } from './job-queue.ts';

function queue(maxQueued = 1, keepFinished = 10) {
  let n = 0;
  return new JobQueue<string, number>({ maxQueued, keepFinished, newId: () => `job-${++n}`, now: () => 1000, classify: (e) => ({ code: 'boom', message: String((e as Error).message) }) });
}

/** A job whose end the test decides. */
function gate() {
  let open!: (value: number) => void;
  let fail!: (error: Error) => void;
  let run!: JobRun;
  const done = new Promise<number>((resolve, reject) => ((open = resolve), (fail = reject)));
  return { work: (r: JobRun) => ((run = r), done), open: (v: number) => open(v), fail: (e: Error) => fail(e), run: () => run };
}

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('JobQueue', () => {
  it('runs one job at a time, in order, reporting progress and results', async () => {
    const q = queue();
    const a = gate();
    const b = gate();
    const ja = q.submit('a', a.work);
    const jb = q.submit('b', b.work);
    expect([ja.state, jb.state]).toEqual(['running', 'queued']);
    a.run().progress(0.4);
    a.run().progress(0.2); // never goes back
    expect(q.get(ja.id)?.progress).toBe(0.4);
    a.open(7);
    await tick();
    expect(q.get(ja.id)).toMatchObject({ state: 'done', progress: 1, result: 7 });
    expect(q.get(jb.id)?.state).toBe('running');
    b.fail(new Error('no video'));
    await tick();
    expect(q.get(jb.id)).toMatchObject({ state: 'failed', error: { code: 'boom', message: 'no video' } });
  });

  it('refuses a job past the bound, and takes one again once there is room', async () => {
    const q = queue(1);
    const a = gate();
    q.submit('a', a.work);
    q.submit('b', gate().work);
    expect(() => q.submit('c', gate().work)).toThrow(QueueFullError);
    a.open(1);
    await tick();
    expect(q.submit('c', gate().work).state).toBe('queued');
  });

  it('keeps only the last finished jobs', async () => {
    const q = queue(5, 2);
    const ids = [1, 2, 3].map((v) => q.submit(String(v), async () => v).id);
    for (let i = 0; i < 5; i++) await tick();
    expect(ids.map((id) => q.get(id)?.state)).toEqual([undefined, 'done', 'done']);
  });

  it('close aborts the running job and fails the waiting ones', async () => {
    const q = queue(3);
    const running = q.submit('a', (run) => new Promise((_resolve, reject) => run.signal.addEventListener('abort', () => reject(new Error('aborted')))));
    const waiting = q.submit('b', async () => 2);
    await q.close();
    expect(q.get(running.id)).toMatchObject({ state: 'failed', error: { message: 'aborted' } });
    expect(q.get(waiting.id)).toMatchObject({ state: 'failed', error: { code: 'shutdown' } });
    expect(() => q.submit('c', async () => 3)).toThrow(QueueFullError);
  });
});
