/**
 * Durable appends: the file room store (group commit) against the naive peer
 * (one write + fsync per append, serialized), same disk, same run.
 *   npx tsx bench/store-append.ts [--duration 5] [--callers 100] [--bytes 100]
 *
 * Each scenario runs `callers` concurrent loops of "append one record, await
 * the acknowledgement" into one room for `duration` seconds. Prints JSON lines
 * {scenario:'store-append', system, metric, value, unit, params}.
 */
import { open } from 'node:fs/promises';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { createFileRoomStore } from '../server/store/file-room-store.ts';
import { makeTempDir } from '../test/support/temp-dir.ts';

const { values } = parseArgs({ options: { duration: { type: 'string', default: '5' }, callers: { type: 'string', default: '100' }, bytes: { type: 'string', default: '100' } } });
const durationS = Number(values.duration);
const recordBytes = Number(values.bytes);
const record = new Uint8Array(recordBytes).fill(7);

type Append = () => Promise<unknown>;

/** Runs `callers` append loops for the duration; returns acks/s and latency percentiles. */
async function drive(append: Append, callers: number): Promise<{ acks: number; perSecond: number; p50: number; p99: number }> {
  const latencies: number[] = [];
  const started = performance.now();
  const deadline = started + durationS * 1000;
  await Promise.all(
    Array.from({ length: callers }, async () => {
      while (performance.now() < deadline) {
        const t0 = performance.now();
        await append();
        latencies.push(performance.now() - t0);
      }
    }),
  );
  const elapsed = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  const at = (q: number): number => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? 0;
  return { acks: latencies.length, perSecond: latencies.length / elapsed, p50: at(0.5), p99: at(0.99) };
}

function emit(system: string, metric: string, value: number, unit: string, params: Record<string, number>): void {
  console.log(JSON.stringify({ scenario: 'store-append', system, metric, value: Math.round(value * 100) / 100, unit, params }));
}

async function fileStore(callers: number): Promise<void> {
  const dir = await makeTempDir('branchcast-bench-store-');
  let fsyncs = 0;
  let fsyncMs = 0;
  const store = await createFileRoomStore(dir.path, { onCommit: (c) => ((fsyncs += 1), (fsyncMs += c.fsyncMs)) });
  try {
    const r = await drive(() => store.append('bench', [record]), callers);
    const params = { callers, recordBytes, durationS };
    emit('file-store', 'acks_per_s', r.perSecond, 'appends/s', params);
    emit('file-store', 'latency_p50', r.p50, 'ms', params);
    emit('file-store', 'latency_p99', r.p99, 'ms', params);
    emit('file-store', 'records_per_fsync', r.acks / Math.max(1, fsyncs), 'records', params);
    emit('file-store', 'fsync_mean', fsyncMs / Math.max(1, fsyncs), 'ms', params);
  } finally {
    await store.close();
    await dir.remove();
  }
}

/** The peer: what a log without group commit does — every append its own write and fsync, one at a time. */
async function fsyncPerAppend(callers: number): Promise<void> {
  const dir = await makeTempDir('branchcast-bench-naive-');
  const handle = await open(join(dir.path, 'log'), 'a');
  let tail: Promise<unknown> = Promise.resolve();
  const append: Append = () => {
    tail = tail.then(async () => {
      await handle.write(record);
      await handle.datasync();
    });
    return tail;
  };
  try {
    const r = await drive(append, callers);
    const params = { callers, recordBytes, durationS };
    emit('fsync-per-append', 'acks_per_s', r.perSecond, 'appends/s', params);
    emit('fsync-per-append', 'latency_p50', r.p50, 'ms', params);
    emit('fsync-per-append', 'latency_p99', r.p99, 'ms', params);
  } finally {
    await handle.close();
    await dir.remove();
  }
}

const callers = Number(values.callers);
await fileStore(callers);
await fsyncPerAppend(callers);
await fileStore(1);
await fsyncPerAppend(1);
