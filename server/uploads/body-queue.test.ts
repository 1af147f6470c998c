import { describe, expect, it } from 'vitest';
import { BodyAbortedError, BodyQueue } from './body-queue.ts';

function flow() {
  const calls: string[] = [];
  return { calls, pause: () => calls.push('pause'), resume: () => calls.push('resume') };
}

async function collect(queue: BodyQueue): Promise<number[]> {
  const out: number[] = [];
  for await (const chunk of queue) out.push(...chunk);
  return out;
}

describe('BodyQueue', () => {
  it('yields chunks in order and ends after the last', async () => {
    const queue = new BodyQueue(flow());
    queue.push(Uint8Array.of(1, 2), false);
    const done = collect(queue);
    queue.push(Uint8Array.of(3), false);
    queue.push(Uint8Array.of(4), true);
    expect(await done).toEqual([1, 2, 3, 4]);
  });

  it('pauses above the high-water mark and resumes once drained below half', async () => {
    const control = flow();
    const queue = new BodyQueue(control, 10);
    queue.push(new Uint8Array(6), false);
    expect(control.calls).toEqual([]);
    queue.push(new Uint8Array(6), false);
    expect(control.calls).toEqual(['pause']);
    queue.push(new Uint8Array(6), false); // still arrives while the pause takes effect
    const it = queue[Symbol.asyncIterator]();
    await it.next(); // 12 left: still paused
    expect(control.calls).toEqual(['pause']);
    await it.next(); // 6 left: not yet at half (5), still paused
    expect(control.calls).toEqual(['pause']);
    await it.next(); // 0 left
    expect(control.calls).toEqual(['pause', 'resume']);
  });

  it('throws BodyAbortedError to a waiting reader on abort', async () => {
    const queue = new BodyQueue(flow());
    queue.push(Uint8Array.of(1), false);
    const it = queue[Symbol.asyncIterator]();
    expect((await it.next()).value).toEqual(Uint8Array.of(1));
    const pending = it.next();
    queue.abort();
    await expect(pending).rejects.toBeInstanceOf(BodyAbortedError);
  });

  it('still yields chunks received before an abort, then throws', async () => {
    const queue = new BodyQueue(flow());
    queue.push(Uint8Array.of(1, 2), false);
    queue.abort();
    const it = queue[Symbol.asyncIterator]();
    expect((await it.next()).value).toEqual(Uint8Array.of(1, 2));
    await expect(it.next()).rejects.toBeInstanceOf(BodyAbortedError);
  });

  it('ignores an abort after the last chunk', async () => {
    const queue = new BodyQueue(flow());
    queue.push(Uint8Array.of(7), true);
    queue.abort();
    expect(await collect(queue)).toEqual([7]);
  });
});

describe('BodyQueue flow control at the end', () => {
  it('resumes a paused socket when the last chunk arrives', () => {
    const control = flow();
    const queue = new BodyQueue(control, 4);
    queue.push(new Uint8Array(4), false);
    queue.push(new Uint8Array(1), true);
    expect(control.calls).toEqual(['pause', 'resume']);
  });
});
