/**
 * The byte layout of a branchcast room backup (.bcr), format version 1.
 * Pure: bytes in, bytes out. What the sections mean (and whether the log
 * inside holds together) is room-backup.ts's job.
 *
 *   offset    size  field
 *   0         8     magic "BCROOM\r\n" (the CR LF catches a text-mode transfer)
 *   8         4     format version, u32 LE (1)
 *   12        8     total file length in bytes, u64 LE (trailer included)
 *   20        ...   sections, each: kind (u8), body length (u64 LE), body
 *                     kind 1 meta: UTF-8 JSON (BackupMeta), exactly once, first
 *                     kind 2 snapshot: seq (u64 LE) then the snapshot bytes; at most once
 *                     kind 3 log: records, each seq (u64 LE), length (u32 LE), bytes; exactly once, last
 *   length-32 32    SHA-256 of every byte before it
 *
 * Checks run cheapest-first, so each kind of damage gets its own code: magic,
 * version, declared length (truncation), checksum (any flipped byte), then
 * section bounds.
 */
import { createHash } from 'node:crypto';
import type { LogRecord, RoomSnapshotRecord } from '../store/room-store.ts';
import { MAX_RECORD_BYTES } from '../store/room-store.ts';
import { BackupError } from './backup-error.ts';

export const BCR_MAGIC = Buffer.from('BCROOM\r\n', 'latin1');
export const BCR_VERSION = 1;
const HEADER_BYTES = 20;
const DIGEST_BYTES = 32;
const SECTION_HEADER_BYTES = 9;
const RECORD_HEADER_BYTES = 12;
const enum Section {
  Meta = 1,
  Snapshot = 2,
  Log = 3,
}

/** A container's parts; `meta` is whatever JSON the meta section holds (room-backup.ts checks it). */
export interface BcrParts {
  meta: unknown;
  snapshot: RoomSnapshotRecord | undefined;
  records: LogRecord[];
}

/** A section's header and body (one buffer: a log of a million records is a million chunks, too many to spread). */
function section(kind: Section, body: Buffer): Buffer[] {
  const header = Buffer.alloc(SECTION_HEADER_BYTES);
  header.writeUInt8(kind, 0);
  header.writeBigUInt64LE(BigInt(body.length), 1);
  return [header, body];
}

/** Lays the parts out as a .bcr file. Writes what it is given: checking is the caller's (and the reader's) job. */
export function writeBcr(parts: BcrParts): Buffer {
  const chunks: Buffer[] = section(Section.Meta, Buffer.from(JSON.stringify(parts.meta), 'utf8'));
  if (parts.snapshot) {
    const seq = Buffer.alloc(8);
    seq.writeBigUInt64LE(BigInt(parts.snapshot.seq));
    chunks.push(...section(Section.Snapshot, Buffer.concat([seq, parts.snapshot.data])));
  }
  const log: Buffer[] = [];
  for (const record of parts.records) {
    const head = Buffer.alloc(RECORD_HEADER_BYTES);
    head.writeBigUInt64LE(BigInt(record.seq), 0);
    head.writeUInt32LE(record.data.byteLength, 8);
    log.push(head, Buffer.from(record.data.buffer, record.data.byteOffset, record.data.byteLength));
  }
  chunks.push(...section(Section.Log, Buffer.concat(log)));
  const bodyBytes = chunks.reduce((n, b) => n + b.length, 0);
  const header = Buffer.alloc(HEADER_BYTES);
  BCR_MAGIC.copy(header, 0);
  header.writeUInt32LE(BCR_VERSION, 8);
  header.writeBigUInt64LE(BigInt(HEADER_BYTES + bodyBytes + DIGEST_BYTES), 12);
  const content = Buffer.concat([header, ...chunks]);
  return Buffer.concat([content, createHash('sha256').update(content).digest()]);
}

/** Reads a .bcr file's parts; throws BackupError (never anything else) when the bytes are not a whole, intact container. */
export function readBcr(bytes: Uint8Array): BcrParts {
  const file = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const magicSeen = file.subarray(0, BCR_MAGIC.length);
  if (!BCR_MAGIC.subarray(0, magicSeen.length).equals(magicSeen)) throw new BackupError('bad-magic', 'not a branchcast room backup (.bcr): wrong magic bytes');
  if (file.length < HEADER_BYTES) throw new BackupError('truncated', `truncated: ${file.length} bytes, shorter than the ${HEADER_BYTES}-byte header`);
  const version = file.readUInt32LE(8);
  if (version !== BCR_VERSION) throw new BackupError('unsupported-version', `format version ${version} is not supported (this branchcast reads version ${BCR_VERSION})`);
  const declared = file.readBigUInt64LE(12);
  if (declared > BigInt(file.length)) throw new BackupError('truncated', `truncated: ${file.length} of ${declared} bytes`);
  if (declared < BigInt(file.length)) throw new BackupError('malformed', `${BigInt(file.length) - declared} bytes after the end the header declares (${declared})`);
  if (file.length < HEADER_BYTES + DIGEST_BYTES) throw new BackupError('malformed', 'too short to hold a checksum');
  const contentEnd = file.length - DIGEST_BYTES;
  if (!createHash('sha256').update(file.subarray(0, contentEnd)).digest().equals(file.subarray(contentEnd))) {
    throw new BackupError('checksum', 'checksum mismatch: the file is damaged (SHA-256 over its content differs from the one it carries)');
  }
  return readSections(file.subarray(HEADER_BYTES, contentEnd));
}

function readSections(body: Buffer): BcrParts {
  const sections: Array<{ kind: number; body: Buffer }> = [];
  let at = 0;
  while (at < body.length) {
    if (body.length - at < SECTION_HEADER_BYTES) throw new BackupError('malformed', `section header at ${HEADER_BYTES + at} runs past the end`);
    const kind = body.readUInt8(at);
    const length = body.readBigUInt64LE(at + 1);
    const start = at + SECTION_HEADER_BYTES;
    if (length > BigInt(body.length - start)) throw new BackupError('malformed', `section ${kind} at ${HEADER_BYTES + at} is longer than the file`);
    sections.push({ kind, body: body.subarray(start, start + Number(length)) });
    at = start + Number(length);
  }
  const kinds = sections.map((s) => s.kind).join(',');
  if (kinds !== `${Section.Meta},${Section.Log}` && kinds !== `${Section.Meta},${Section.Snapshot},${Section.Log}`) {
    throw new BackupError('malformed', `sections ${kinds || 'none'}: expected meta, an optional snapshot, then the log`);
  }
  const [metaSection, ...rest] = sections as [{ body: Buffer }, ...Array<{ kind: number; body: Buffer }>];
  let meta: unknown;
  try {
    meta = JSON.parse(metaSection.body.toString('utf8'));
  } catch {
    throw new BackupError('malformed', 'the meta section is not JSON');
  }
  const snapshotSection = rest.find((s) => s.kind === Section.Snapshot);
  return { meta, snapshot: snapshotSection && readSnapshot(snapshotSection.body), records: readRecords((rest.at(-1) as { body: Buffer }).body) };
}

function readSnapshot(body: Buffer): RoomSnapshotRecord {
  if (body.length < 8) throw new BackupError('malformed', 'the snapshot section is shorter than its seq');
  return { seq: readSeq(body, 0, 'snapshot'), data: new Uint8Array(body.subarray(8)) };
}

function readRecords(body: Buffer): LogRecord[] {
  const records: LogRecord[] = [];
  let at = 0;
  while (at < body.length) {
    if (body.length - at < RECORD_HEADER_BYTES) throw new BackupError('malformed', `log record ${records.length + 1}: header runs past the section`);
    const seq = readSeq(body, at, `log record ${records.length + 1}`);
    const length = body.readUInt32LE(at + 8);
    const start = at + RECORD_HEADER_BYTES;
    if (length > MAX_RECORD_BYTES || length > body.length - start) throw new BackupError('malformed', `log record seq ${seq}: length ${length} runs past the section`);
    records.push({ seq, data: new Uint8Array(body.subarray(start, start + length)) });
    at = start + length;
  }
  return records;
}

function readSeq(bytes: Buffer, at: number, what: string): number {
  const seq = bytes.readBigUInt64LE(at);
  if (seq > BigInt(Number.MAX_SAFE_INTEGER)) throw new BackupError('malformed', `${what}: seq ${seq} is out of range`);
  return Number(seq);
}
