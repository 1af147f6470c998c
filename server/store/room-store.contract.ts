/**
 * The RoomStore contract: one suite every adapter passes (memory, file and
 * Redis). Call it from an adapter's test file:
 *
 *   describeRoomStoreContract('file', async () => { ...return harness });
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MAX_RECORD_BYTES, type LogRecord, type RoomStore } from './room-store.ts';
import { RoomStoreError, type RoomStoreErrorCode } from './room-store-error.ts';

/** Backing storage for one test: open() may be called again after close(). */
export interface RoomStoreHarness {
  /** A store over this harness's storage; for a durable adapter a second one sees what the first wrote. */
  open(): Promise<RoomStore>;
  /** Whether records survive close() and a fresh open() (false for the in-memory store). */
  durable: boolean;
  cleanup(): Promise<void>;
}

const bytes = (text: string): Uint8Array => new TextEncoder().encode(text);
const text = (data: Uint8Array): string => new TextDecoder().decode(data);

async function collect(iterable: AsyncIterable<LogRecord>): Promise<LogRecord[]> {
  const out: LogRecord[] = [];
  for await (const record of iterable) out.push(record);
  return out;
}

async function expectCode(promise: Promise<unknown>, code: RoomStoreErrorCode): Promise<void> {
  const error: unknown = await promise.then(() => undefined, (e: unknown) => e);
  expect(error).toBeInstanceOf(RoomStoreError);
  expect((error as RoomStoreError).code).toBe(code);
}

export function describeRoomStoreContract(name: string, makeHarness: () => Promise<RoomStoreHarness>): void {
  describe(`RoomStore contract: ${name}`, () => {
    let harness: RoomStoreHarness;
    let store: RoomStore;

    beforeEach(async () => {
      harness = await makeHarness();
      store = await harness.open();
    });
    afterEach(async () => {
      await store.close();
      await harness.cleanup();
    });

    it('assigns gap-free seqs from 1 in call order', async () => {
      expect(await store.append('r1', [bytes('a')])).toEqual([1]);
      expect(await store.append('r1', [bytes('b'), bytes('c'), bytes('')])).toEqual([2, 3, 4]);
      expect(await store.append('r1', [])).toEqual([]);
      expect(await store.append('r2', [bytes('x')])).toEqual([1]);
      const records = await collect(store.read('r1', 0));
      expect(records.map((r) => [r.seq, text(r.data)])).toEqual([[1, 'a'], [2, 'b'], [3, 'c'], [4, '']]);
    });

    it('reads only records after the given seq, and nothing for an unknown room', async () => {
      await store.append('r', Array.from({ length: 10 }, (_, i) => bytes(`e${i + 1}`)));
      expect((await collect(store.read('r', 7))).map((r) => text(r.data))).toEqual(['e8', 'e9', 'e10']);
      expect(await collect(store.read('r', 10))).toEqual([]);
      expect(await collect(store.read('r', 99))).toEqual([]);
      expect(await collect(store.read('nobody', 0))).toEqual([]);
    });

    it('streams a long log from any position', async () => {
      for (let batch = 0; batch < 10; batch++) {
        await store.append('long', Array.from({ length: 500 }, (_, i) => bytes(`n${batch * 500 + i + 1}`)));
      }
      for (const after of [0, 255, 256, 257, 4321, 4999]) {
        const records = await collect(store.read('long', after));
        expect(records.length).toBe(5000 - after);
        expect(records[0] === undefined || (records[0].seq === after + 1 && text(records[0].data) === `n${after + 1}`)).toBe(true);
        expect(records.every((r, i) => r.seq === after + 1 + i && text(r.data) === `n${r.seq}`)).toBe(true);
      }
    });

    it('group-commits concurrent appends to one room without gaps or reordering within a call', async () => {
      const seqs = await Promise.all(Array.from({ length: 300 }, (_, i) => store.append('busy', [bytes(`c${i}`)])));
      expect(seqs.flat().sort((a, b) => a - b)).toEqual(Array.from({ length: 300 }, (_, i) => i + 1));
      const bySeq = new Map((await collect(store.read('busy', 0))).map((r) => [r.seq, text(r.data)]));
      seqs.forEach(([seq], i) => expect(bySeq.get(seq as number)).toBe(`c${i}`));
      const [multi] = await Promise.all([store.append('busy', [bytes('m1'), bytes('m2'), bytes('m3')]), store.append('busy', [bytes('z')])]);
      expect(multi).toEqual([301, 302, 303]);
    });

    it('keeps rooms independent under concurrent appends', async () => {
      const rooms = Array.from({ length: 8 }, (_, i) => `room-${i}`);
      await Promise.all(rooms.flatMap((room) => Array.from({ length: 40 }, (_, i) => store.append(room, [bytes(`${room}:${i}`)]))));
      for (const room of rooms) {
        const records = await collect(store.read(room, 0));
        expect(records.map((r) => r.seq)).toEqual(Array.from({ length: 40 }, (_, i) => i + 1));
        expect(new Set(records.map((r) => text(r.data)))).toEqual(new Set(Array.from({ length: 40 }, (_, i) => `${room}:${i}`)));
      }
    });

    it('round-trips snapshots and refuses one ahead of the log', async () => {
      expect(await store.latestSnapshot('s')).toBeUndefined();
      await store.writeSnapshot('s', { seq: 0, data: bytes('empty') });
      await store.append('s', [bytes('1'), bytes('2'), bytes('3')]);
      await store.writeSnapshot('s', { seq: 2, data: bytes('two') });
      await store.writeSnapshot('s', { seq: 3, data: bytes('three') });
      const snapshot = await store.latestSnapshot('s');
      expect(snapshot?.seq).toBe(3);
      expect(text(snapshot?.data ?? new Uint8Array())).toBe('three');
      await expectCode(store.writeSnapshot('s', { seq: 4, data: bytes('future') }), 'snapshot-ahead');
      await expectCode(store.writeSnapshot('other', { seq: 1, data: bytes('future') }), 'snapshot-ahead');
      expect((await store.latestSnapshot('s'))?.seq).toBe(3);
    });

    it('lists rooms with records or snapshots, and deletes them', async () => {
      await store.append('a', [bytes('1')]);
      await store.append('b', [bytes('1')]);
      await store.writeSnapshot('c', { seq: 0, data: bytes('c') });
      expect((await store.listRooms()).sort()).toEqual(['a', 'b', 'c']);
      await store.deleteRoom('a');
      await store.deleteRoom('never-existed');
      expect((await store.listRooms()).sort()).toEqual(['b', 'c']);
      expect(await collect(store.read('a', 0))).toEqual([]);
      expect(await store.latestSnapshot('a')).toBeUndefined();
      expect(await store.append('a', [bytes('again')])).toEqual([1]);
    });

    it('settles appends racing a delete either before it or after it, never lost in between', async () => {
      await store.append('race', [bytes('0')]);
      const appends = Array.from({ length: 20 }, (_, i) => store.append('race', [bytes(`${i}`)]));
      const deleted = store.deleteRoom('race');
      const late = store.append('race', [bytes('late')]);
      await Promise.all([...appends, deleted]);
      expect(await late).toEqual([1]);
      expect((await collect(store.read('race', 0))).map((r) => text(r.data))).toEqual(['late']);
    });

    it('stores a 1 MB record intact and refuses one over the limit', async () => {
      const big = new Uint8Array(1024 * 1024);
      for (let i = 0; i < big.length; i++) big[i] = (i * 31) & 0xff;
      expect(await store.append('big', [bytes('before'), big, bytes('after')])).toEqual([1, 2, 3]);
      const records = await collect(store.read('big', 1));
      // Buffer.equals: vitest's deep equality walks a megabyte element by element.
      expect(Buffer.from(records[0]?.data ?? new Uint8Array()).equals(big)).toBe(true);
      expect(text(records[1]?.data ?? new Uint8Array())).toBe('after');
      await expectCode(store.append('big', [bytes('x'), new Uint8Array(MAX_RECORD_BYTES + 1)]), 'record-too-large');
      expect(await store.append('big', [bytes('next')])).toEqual([4]);
    });

    it('keeps every byte value of records and snapshots intact', async () => {
      const all = Uint8Array.from({ length: 256 }, (_, i) => i);
      const reversed = all.slice().reverse();
      expect(await store.append('binary', [all, reversed, Uint8Array.of(0), Uint8Array.of(32, 32)])).toEqual([1, 2, 3, 4]);
      const records = await collect(store.read('binary', 0));
      expect(records.map((r) => Buffer.from(r.data).toString('hex'))).toEqual([all, reversed, Uint8Array.of(0), Uint8Array.of(32, 32)].map((d) => Buffer.from(d).toString('hex')));
      await store.writeSnapshot('binary', { seq: 4, data: reversed });
      expect(Buffer.from((await store.latestSnapshot('binary'))?.data ?? new Uint8Array()).equals(Buffer.from(reversed))).toBe(true);
    });

    it('copies data in and out', async () => {
      const data = bytes('original');
      await store.append('copy', [data]);
      data.fill(0);
      const [first] = await collect(store.read('copy', 0));
      expect(text(first?.data ?? new Uint8Array())).toBe('original');
      first?.data.fill(0);
      const [again] = await collect(store.read('copy', 0));
      expect(text(again?.data ?? new Uint8Array())).toBe('original');
    });

    it('rejects room ids that could escape or collide, with invalid-room-id', async () => {
      for (const room of ['', '.', '..', '../etc', 'a/b', 'a\\b', 'x'.repeat(65), 'spa ce', 'é', '.deleting-x']) {
        await expectCode(store.append(room, [bytes('x')]), 'invalid-room-id');
        await expectCode(collect(store.read(room, 0)), 'invalid-room-id');
        await expectCode(store.writeSnapshot(room, { seq: 0, data: bytes('x') }), 'invalid-room-id');
        await expectCode(store.latestSnapshot(room), 'invalid-room-id');
        await expectCode(store.deleteRoom(room), 'invalid-room-id');
      }
      expect(await store.append('x'.repeat(64), [bytes('ok')])).toEqual([1]);
      expect(await store.listRooms()).toEqual(['x'.repeat(64)]);
    });

    it('rejects malformed arguments with invalid-argument', async () => {
      await expectCode(collect(store.read('r', -1)), 'invalid-argument');
      await expectCode(collect(store.read('r', 1.5)), 'invalid-argument');
      await expectCode(store.append('r', ['text' as unknown as Uint8Array]), 'invalid-argument');
      await expectCode(store.writeSnapshot('r', { seq: -1, data: bytes('x') }), 'invalid-argument');
      expect(await store.listRooms()).toEqual([]);
    });

    it('rejects calls after close with closed', async () => {
      await store.append('r', [bytes('x')]);
      await store.close();
      await expectCode(store.append('r', [bytes('y')]), 'closed');
      await expectCode(collect(store.read('r', 0)), 'closed');
      await expectCode(store.listRooms(), 'closed');
    });

    it('resolves appends that were in flight when close was called', async () => {
      const pending = Array.from({ length: 50 }, (_, i) => store.append('inflight', [bytes(`${i}`)]));
      const closing = store.close();
      const results = await Promise.allSettled(pending);
      await closing;
      const acknowledged = results.filter((r) => r.status === 'fulfilled').length;
      for (const r of results) if (r.status === 'rejected') expect((r.reason as RoomStoreError).code).toBe('closed');
      if (harness.durable) {
        store = await harness.open();
        expect((await collect(store.read('inflight', 0))).length).toBeGreaterThanOrEqual(acknowledged);
      }
    });

    it('keeps everything across close and reopen (durable adapters)', async () => {
      if (!harness.durable) return;
      await store.append('keep', [bytes('1'), bytes('2')]);
      await store.writeSnapshot('keep', { seq: 2, data: bytes('snap') });
      await store.append('keep', [bytes('3')]);
      await store.append('other', [bytes('o')]);
      await store.close();
      store = await harness.open();
      expect((await store.listRooms()).sort()).toEqual(['keep', 'other']);
      expect((await collect(store.read('keep', 0))).map((r) => text(r.data))).toEqual(['1', '2', '3']);
      expect(await store.latestSnapshot('keep')).toEqual({ seq: 2, data: bytes('snap') });
      expect(await store.append('keep', [bytes('4')])).toEqual([4]);
    });
  });
}
