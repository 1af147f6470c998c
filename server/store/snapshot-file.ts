/**
 * The snapshot file of a room (`snapshot.bin`), replaced atomically:
 *
 *   "bcsnap01" (8) seq (u64 LE) length (u32 LE) crc (u32 LE) data
 *
 * `crc` is CRC-32 over the first 20 header bytes, then the data. The rename
 * makes torn files impossible, so a bad checksum means damage and is reported
 * as `corrupt` rather than ignored: the log prefix the snapshot stands for may
 * have been compacted away.
 */
import { readFile } from 'node:fs/promises';
import { crc32 } from 'node:zlib';
import type { RoomSnapshotRecord } from './room-store.ts';
import { RoomStoreError } from './room-store-error.ts';

const MAGIC = 'bcsnap01';
const HEADER_BYTES = 24;

/** The header and data chunks of a snapshot file. */
export function encodeSnapshot(snapshot: RoomSnapshotRecord): Buffer[] {
  const header = Buffer.alloc(HEADER_BYTES);
  header.write(MAGIC, 0, 'latin1');
  header.writeBigUInt64LE(BigInt(snapshot.seq), 8);
  header.writeUInt32LE(snapshot.data.byteLength, 16);
  header.writeUInt32LE(crc32(snapshot.data, crc32(header.subarray(0, 20))), 20);
  return [header, Buffer.from(snapshot.data.buffer, snapshot.data.byteOffset, snapshot.data.byteLength)];
}

/** Reads and verifies the snapshot at `path`; undefined when there is none. */
export async function readSnapshotFile(path: string, describe: string): Promise<RoomSnapshotRecord | undefined> {
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new RoomStoreError('io', `${describe}: reading the snapshot failed`, { cause: error });
  }
  const data = bytes.subarray(HEADER_BYTES);
  const valid =
    bytes.length >= HEADER_BYTES &&
    bytes.toString('latin1', 0, 8) === MAGIC &&
    bytes.readUInt32LE(16) === data.length &&
    bytes.readUInt32LE(20) === crc32(data, crc32(bytes.subarray(0, 20)));
  if (!valid) throw new RoomStoreError('corrupt', `${describe}: snapshot file fails its checksum`);
  return { seq: Number(bytes.readBigUInt64LE(8)), data: new Uint8Array(data) };
}
