/**
 * For server/store/file-room-store.crash.test.ts, run as its own process:
 *   node --import tsx test/support/crash-append-child.ts DATA_DIR ROOM TAG WORKERS
 * Appends as fast as it can from WORKERS concurrent callers until killed, and
 * prints one line per acknowledged append: `SEQ TAG.WORKER.N`. The payload is
 * crashPayload(`TAG.WORKER.N`), so the parent can check every byte.
 */
import { createFileRoomStore } from '../../server/store/file-room-store.ts';

/** The payload of the append labelled `label`: the label plus a length that varies with it. */
export function crashPayload(label: string): Uint8Array {
  let hash = 0;
  for (const char of label) hash = (hash * 31 + char.charCodeAt(0)) >>> 0;
  return new TextEncoder().encode(`${label}:${'x'.repeat(hash % 700)}`);
}

async function main(): Promise<void> {
  const [dataDir, room, tag, workers] = process.argv.slice(2);
  if (dataDir === undefined || room === undefined || tag === undefined) throw new Error('usage: DATA_DIR ROOM TAG WORKERS');
  const store = await createFileRoomStore(dataDir);
  process.stdout.write('ready\n');
  await Promise.all(
    Array.from({ length: Number(workers ?? 50) }, async (_, worker) => {
      for (let n = 0; ; n++) {
        const label = `${tag}.${worker}.${n}`;
        const [seq] = await store.append(room, [crashPayload(label)]);
        // Pipes are synchronous on Linux: once this returns, the parent will see the line.
        process.stdout.write(`${seq} ${label}\n`);
      }
    }),
  );
}

if (process.argv[1]?.endsWith('crash-append-child.ts')) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
