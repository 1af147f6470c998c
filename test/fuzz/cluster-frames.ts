/**
 * Generated traffic for the cluster channels (server/redis/keys.ts):
 * node inbox frames (bus), records-channel messages, and room log stream
 * entries. Each mixes arbitrary bytes, any msgpack value, and real message
 * shapes with one field tampered with. `refusedBy*` name the frames the
 * server's decoders drop, so a test knows exactly how many bad frames each
 * node must count.
 *
 * Templates aim at a decoy room (and nodes that do not exist): a well-formed
 * forgery is indistinguishable from a node's message (bus-message.ts), so
 * forged commands and closes must never reach the room the test checks.
 */
import fc from 'fast-check';
import { decodeBusMessage } from '../../server/cluster/bus-message.ts';
import { isFoldableRecord } from '../../server/cluster/record-entry.ts';
import { readRecordMessage } from '../../server/redis/record-message.ts';
import { arbTampered, arbWireNode, arbWireOf } from '../support/msgpack-arbitrary.ts';
import { encodeWire } from '../support/msgpack-wire.ts';

const actor = { sub: 'v-fuzz', role: 'viewer' };

function busTemplates(decoy: string): Array<Record<string, unknown>> {
  return [
    { k: 'cmd', room: decoy, actor, id: 'f1', cmd: { type: 'vote', option: 'x' }, from: 'n-ghost', corr: 1 },
    { k: 'cmd', room: decoy, actor: { sub: 'h', role: 'host' }, id: 'f2', cmd: { type: 'push-quiz', quiz: { id: 'p', prompt: 'P', options: ['a', 'b'] } }, from: 'n-ghost', corr: 2 },
    { k: 'votes', room: decoy, votes: [['s1', 'i1', 'x'], ['s2', 'i2', 'y']], from: 'n-ghost', corr: 3 },
    { k: 'close', room: 'no-such-room', from: 'n-ghost', corr: 4 },
    { k: 'presence', room: decoy, actor, action: 'join' },
    { k: 'reply', corr: 987_654, result: { ok: true, version: 3, data: { code: 'X' } } },
    { k: 'reply', corr: 987_655, results: [{ ok: false, code: 'invalid', message: 'm' }] },
    { k: 'reply', corr: 987_656, notOwner: true },
  ];
}

function logTemplates(t: number): Array<Record<string, unknown>> {
  const input = (rest: Record<string, unknown>): Record<string, unknown> => ({ k: 'input', input: { t, ...rest } });
  return [
    input({ type: 'tick' }),
    input({ type: 'presence', actor, action: 'join' }),
    input({ type: 'votes', votes: [['s', 'i', 'x']] }),
    input({ type: 'command', actor, id: 'r1', command: { type: 'seek', position: 12 } }),
    input({ type: 'command', actor, id: 'r2', command: { type: 'claim', hotspot: 'coupon', code: 'C' } }),
    input({ type: 'command', actor, id: 'r3', command: { type: 'push-quiz', quiz: { id: 'p', prompt: 'P', options: ['a'], seconds: 5 } } }),
    { k: 'create', room: 'x', t, story: { id: 's' } },
  ];
}

const utf8 = new TextEncoder();

/** Any msgpack value, a template tampered with, a template in a widened encoding, or raw bytes. */
function payload(templates: Array<Record<string, unknown>>): fc.Arbitrary<Uint8Array> {
  const template = fc.constantFrom(...templates);
  return fc.oneof(
    { weight: 2, arbitrary: fc.uint8Array({ maxLength: 80 }) },
    { weight: 2, arbitrary: arbWireNode.map(encodeWire) },
    { weight: 4, arbitrary: template.chain((m) => arbTampered(m)).map(encodeWire) },
    { weight: 1, arbitrary: template.chain((m) => arbWireOf(m)).map(encodeWire) },
  );
}

/** A frame for a node inbox. */
export const arbBusFrame = (decoy: string): fc.Arbitrary<Buffer> => payload(busTemplates(decoy)).map((bytes) => Buffer.from(bytes));

/**
 * A records-channel message `<seq> <record>`. The seq is an old one (1), one
 * far ahead (the follower then reads the stream, which holds the truth) or
 * not a seq: never the follower's next seq, where a foldable forgery would be
 * folded like the owner's record.
 */
export const arbRecordMessage = (t: number): fc.Arbitrary<Buffer> =>
  fc
    .tuple(fc.oneof(fc.constantFrom('1', '1000000000', '9007199254740991', '9007199254740992', '0', '01', '-1', '', '1e9', '12345678901234567'), fc.string({ maxLength: 6 }).filter((s) => !/^\d/.test(s))), fc.constantFrom(' ', '', '  '), payload(logTemplates(t)))
    .map(([seq, space, record]) => Buffer.concat([Buffer.from(utf8.encode(`${seq}${space}`)), record]));

/** Field/value pairs of a stream entry: `d` with any record mostly, or other fields and counts. */
export const arbStreamFields = (t: number): fc.Arbitrary<Buffer[]> =>
  fc.oneof(
    { weight: 4, arbitrary: payload(logTemplates(t)).map((record) => [Buffer.from('d'), Buffer.from(record)]) },
    { weight: 1, arbitrary: fc.array(fc.tuple(fc.oneof(fc.constantFrom('d', 'D', 'data', ''), fc.string({ maxLength: 4 })), fc.uint8Array({ maxLength: 40 })), { minLength: 1, maxLength: 3 }).map((pairs) => pairs.flatMap(([f, v]) => [Buffer.from(f), Buffer.from(v)])) },
  );

/** Whether a node's inbox decoder drops `frame` (and counts it as a bad 'bus' frame). */
export const refusedByBus = (frame: Buffer): boolean => decodeBusMessage(frame) === undefined;

/** Whether a follower drops `message` heard on a records channel (and counts it as a bad 'records' frame). */
export function refusedByRecords(message: Buffer): boolean {
  const record = readRecordMessage(message);
  return record === undefined || !isFoldableRecord(record.data);
}
