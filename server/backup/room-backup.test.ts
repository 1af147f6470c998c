import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { encodeLogEntry, encodeSnapshot, foldLog, decodeLogEntry, hashRoomState, type LogEntry } from '../../engine/index.ts';
import { choiceStory } from '../../test/support/story-fixtures.ts';
import type { LogRecord } from '../store/room-store.ts';
import { BackupError, type BackupErrorCode } from './backup-error.ts';
import { readBcr, writeBcr } from './bcr-container.ts';
import { checkRoomContentSteps, decodeRoomBackup, encodeRoomBackup, renameRoom, type RoomContent } from './room-backup.ts';

const T0 = 1_700_000_000_000;
const host = { sub: 'host', role: 'host' as const };

/** A room played a little: created, started, a few votes; a snapshot at seq 3. */
function sampleRoom(): RoomContent {
  const entries: LogEntry[] = [
    { k: 'create', room: 'r1', t: T0, story: choiceStory() },
    { k: 'input', input: { type: 'command', t: T0 + 10, actor: host, id: 'c1', command: { type: 'play' } } },
    { k: 'input', input: { type: 'tick', t: T0 + 5_100 } },
    { k: 'input', input: { type: 'command', t: T0 + 6_000, actor: { sub: 'v1', role: 'viewer' }, id: 'v1-1', command: { type: 'vote', option: 'x' } } },
    { k: 'input', input: { type: 'command', t: T0 + 6_100, actor: { sub: 'v2', role: 'viewer' }, id: 'v2-1', command: { type: 'vote', option: 'x' } } },
  ];
  const records = entries.map((entry, i) => ({ seq: i + 1, data: encodeLogEntry(entry) }));
  const atThree = foldLog(entries.slice(0, 3));
  if (!atThree) throw new Error('no fold');
  return { room: 'r1', records, snapshot: { seq: 3, data: encodeSnapshot({ story: choiceStory(), state: atThree.state }) } };
}

const EXPORTED = new Date(T0);
const valid = (): Buffer => encodeRoomBackup(sampleRoom(), EXPORTED, 'test');

function refusal(bytes: Uint8Array): BackupErrorCode {
  try {
    decodeRoomBackup(bytes);
  } catch (error) {
    if (error instanceof BackupError) return error.code;
    throw error;
  }
  throw new Error('decoded a damaged file');
}

/** A file whose container is intact (fresh checksum) around content that is not. */
function rewrap(mutate: (content: RoomContent) => RoomContent): Buffer {
  const good = decodeRoomBackup(valid());
  const content = mutate(good.content);
  return writeBcr({ meta: { ...good.meta, records: content.records.length, snapshotSeq: content.snapshot?.seq ?? null }, snapshot: content.snapshot, records: content.records });
}

describe('room backup (.bcr)', () => {
  it('round-trips a room: the same records, snapshot and the fold\'s state hash', () => {
    const room = sampleRoom();
    const decoded = decodeRoomBackup(valid());
    const plain = (r: { seq: number; data: Uint8Array } | undefined) => r && { seq: r.seq, data: [...r.data] };
    expect(decoded.content.records.map(plain)).toEqual(room.records.map(plain));
    expect(plain(decoded.content.snapshot)).toEqual(plain(room.snapshot));
    const fold = foldLog(room.records.map((r) => decodeLogEntry(r.data)));
    expect(decoded.meta).toMatchObject({ room: 'r1', story: 'choice', records: 5, snapshotSeq: 3, stateHash: hashRoomState(fold!.state), exportedAt: EXPORTED.toISOString() });
  });

  it('round-trips a room without a snapshot', () => {
    const bytes = encodeRoomBackup({ ...sampleRoom(), snapshot: undefined }, EXPORTED, 'test');
    expect(decodeRoomBackup(bytes).content.snapshot).toBeUndefined();
  });

  it('names each kind of damage', () => {
    const bytes = valid();
    expect(refusal(bytes.subarray(0, bytes.length - 1))).toBe('truncated');
    expect(refusal(bytes.subarray(0, 10))).toBe('truncated');
    expect(refusal(new Uint8Array(0))).toBe('truncated');
    expect(refusal(Buffer.concat([bytes, Buffer.from([0])]))).toBe('malformed');
    expect(refusal(Buffer.from('{"not": "a backup"}'))).toBe('bad-magic');
    const future = Buffer.from(bytes);
    future.writeUInt32LE(2, 8);
    expect(refusal(future)).toBe('unsupported-version');
    const flipped = Buffer.from(bytes);
    flipped[Math.floor(bytes.length / 2)]! ^= 0x01;
    expect(refusal(flipped)).toBe('checksum');
  });

  it('refuses content that does not hold together, even under a valid checksum', () => {
    expect(refusal(rewrap((c) => ({ ...c, records: c.records.filter((r) => r.seq !== 4) })))).toBe('seq-gap');
    expect(refusal(rewrap((c) => ({ ...c, records: c.records.map((r) => (r.seq === 2 ? { seq: 2, data: new Uint8Array([0xc1]) } : r)) })))).toBe('bad-record');
    // A well-formed record that is not the one exported: the log no longer folds to the state hash the meta names.
    expect(refusal(rewrap((c) => ({ ...c, snapshot: undefined, records: c.records.map((r) => (r.seq === 2 ? { seq: 2, data: encodeLogEntry({ k: 'input', input: { type: 'tick', t: T0 + 9_000_000 } }) } : r)) })))).toBe('bad-record');
    expect(refusal(rewrap((c) => ({ ...c, snapshot: { seq: 2, data: c.snapshot!.data } })))).toBe('bad-snapshot');
    expect(refusal(rewrap((c) => ({ ...c, snapshot: { seq: 3, data: new Uint8Array([1, 2, 3]) } })))).toBe('bad-snapshot');
    expect(refusal(rewrap((c) => ({ ...c, snapshot: { seq: 99, data: c.snapshot!.data } })))).toBe('bad-snapshot');
    expect(refusal(rewrap((c) => ({ ...c, records: [] })))).toBe('bad-record');
  });

  it('refuses every randomly damaged file with a BackupError, never a crash or a silent success', () => {
    const bytes = valid();
    const damage = fc.oneof(
      fc.nat({ max: bytes.length - 1 }).map((n) => ({ kind: 'truncate' as const, at: n })),
      fc.tuple(fc.nat({ max: bytes.length - 1 }), fc.integer({ min: 1, max: 255 })).map(([at, xor]) => ({ kind: 'flip' as const, at, xor })),
      fc.tuple(fc.nat({ max: bytes.length }), fc.uint8Array({ minLength: 1, maxLength: 16 })).map(([at, extra]) => ({ kind: 'insert' as const, at, extra })),
      fc.tuple(fc.nat({ max: bytes.length - 1 }), fc.integer({ min: 1, max: 64 })).map(([at, length]) => ({ kind: 'cut' as const, at, length })),
    );
    fc.assert(
      fc.property(damage, (d) => {
        let broken: Buffer;
        if (d.kind === 'truncate') broken = bytes.subarray(0, d.at);
        else if (d.kind === 'flip') {
          broken = Buffer.from(bytes);
          broken[d.at]! ^= d.xor;
        } else if (d.kind === 'insert') broken = Buffer.concat([bytes.subarray(0, d.at), d.extra, bytes.subarray(d.at)]);
        else broken = Buffer.concat([bytes.subarray(0, d.at), bytes.subarray(d.at + d.length)]);
        const code = refusal(broken);
        expect(['truncated', 'bad-magic', 'unsupported-version', 'checksum', 'malformed']).toContain(code);
      }),
      { numRuns: 2000 },
    );
  });

  it('refuses random records under a valid container with bad-record or seq-gap', () => {
    const good = decodeRoomBackup(valid());
    fc.assert(
      fc.property(fc.array(fc.record({ seq: fc.integer({ min: 1, max: 8 }), data: fc.uint8Array({ maxLength: 40 }) }), { minLength: 1, maxLength: 6 }), (records: LogRecord[]) => {
        const bytes = writeBcr({ meta: { ...good.meta, records: records.length, snapshotSeq: null }, snapshot: undefined, records });
        expect(['seq-gap', 'bad-record']).toContain(refusal(bytes));
      }),
      { numRuns: 500 },
    );
  });

  it('lays out a log of 150,000 records (one section body, not a spread of 300,000 chunks)', () => {
    const records = Array.from({ length: 150_000 }, (_, i) => ({ seq: i + 1, data: new Uint8Array([i & 0xff]) }));
    const parts = readBcr(writeBcr({ meta: {}, snapshot: undefined, records }));
    expect(parts.records.length).toBe(150_000);
    expect(parts.records.at(-1)?.seq).toBe(150_000);
    expect([...(parts.records.at(-1)?.data ?? [])]).toEqual([(150_000 - 1) & 0xff]);
  });

  it('checks a long log in slices, so a server can serve between them', () => {
    const room = sampleRoom();
    const presence = (i: number): LogRecord => ({ seq: i, data: encodeLogEntry({ k: 'input', input: { type: 'presence', t: T0 + 7_000 + i, actor: { sub: `p${i}`, role: 'viewer' }, action: 'join' } }) });
    const long = { ...room, records: [...room.records, ...Array.from({ length: 1000 }, (_, i) => presence(room.records.length + 1 + i))] };
    const steps = checkRoomContentSteps(long);
    let slices = 0;
    while (steps.next().done !== true) slices += 1;
    expect(slices).toBeGreaterThanOrEqual(3);
  });

  it('renames a room: the create record and the snapshot name the new id', () => {
    const renamed = renameRoom(sampleRoom(), 'r2');
    const decoded = decodeRoomBackup(encodeRoomBackup(renamed, EXPORTED, 'test'));
    expect(decoded.meta.room).toBe('r2');
    expect(decodeLogEntry(decoded.content.records[0]!.data)).toMatchObject({ k: 'create', room: 'r2' });
    expect(() => renameRoom(sampleRoom(), '../etc')).toThrow(BackupError);
  });
});
