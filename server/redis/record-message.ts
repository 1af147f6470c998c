/**
 * The records channel's message format (keys.ts, `records(room)`): the
 * ASCII decimal seq, one space, then the raw record bytes. The append script
 * publishes it (store-scripts.ts); subscribers parse it here. The record may
 * itself contain spaces and any byte, so only the first space separates.
 */

/** One record as published: the same shape as the store's LogRecord. */
export interface PublishedRecord {
  seq: number;
  data: Uint8Array;
}

const SPACE = 0x20;
/** 1..16 digits, no leading zero: every safe-integer seq, nothing ambiguous. */
const SEQ_PATTERN = /^[1-9][0-9]{0,15}$/;

/** Reads a records-channel message: the record, or undefined for anything else. Total: never throws. */
export function readRecordMessage(message: unknown): PublishedRecord | undefined {
  if (!Buffer.isBuffer(message)) return undefined;
  const space = message.indexOf(SPACE);
  // 17 bytes is past the longest seq: a long head is garbage, not worth decoding.
  if (space < 1 || space > 16) return undefined;
  const head = message.toString('latin1', 0, space);
  const seq = Number(head);
  if (!SEQ_PATTERN.test(head) || !Number.isSafeInteger(seq)) return undefined;
  // A copy: the caller may keep it, and it must not pin the socket's buffer.
  return { seq, data: new Uint8Array(message.subarray(space + 1)) };
}

/** A short, printable head of a message that is not a records message, for an error. */
export function describeMessage(message: unknown): string {
  return Buffer.isBuffer(message) ? JSON.stringify(message.toString('latin1', 0, 24)) : typeof message;
}
