/**
 * The ACK frame, written by hand: every durable vote gets one, and msgpackr's
 * general object path took about 5 % of the server's samples per vote in the
 * votes-ws profile, several times what these few bytes cost. The bytes are
 * plain msgpack, `{t: 103, id, version}`, as decodeServerMessage (and any
 * msgpack library) reads them; ack-frame.test.ts checks that for every id and
 * version. Anything outside the common shape (a non-ASCII or long id, a
 * version past 32 bits) goes through encodeMessage.
 */
import { encodeMessage } from './codec.ts';
import { MSG } from './messages.ts';

/** fixmap of 3, then the key `t` and the ACK type as a positive fixint, then the key `id`. */
const HEAD = [0x83, 0xa1, 0x74, MSG.ACK, 0xa2, 0x69, 0x64];
/** The key `version`. */
const VERSION_KEY = [0xa7, ...'version'.split('').map((c) => c.charCodeAt(0))];

/** Encodes `{t: ACK, id, version}`. */
export function encodeAck(id: string, version: number): Uint8Array {
  const idHead = id.length <= 31 ? 1 : 2;
  if (id.length > 255 || !Number.isSafeInteger(version) || version < 0 || version > 0xffffffff || !isAscii(id)) return encodeMessage({ t: MSG.ACK, id, version });
  const versionBytes = version <= 0x7f ? 1 : version <= 0xff ? 2 : version <= 0xffff ? 3 : 5;
  const out = new Uint8Array(HEAD.length + idHead + id.length + VERSION_KEY.length + versionBytes);
  out.set(HEAD, 0);
  let at = HEAD.length;
  if (idHead === 1) out[at++] = 0xa0 | id.length;
  else {
    out[at++] = 0xd9;
    out[at++] = id.length;
  }
  for (let i = 0; i < id.length; i += 1) out[at++] = id.charCodeAt(i);
  out.set(VERSION_KEY, at);
  at += VERSION_KEY.length;
  if (versionBytes === 1) out[at] = version;
  else if (versionBytes === 2) out.set([0xcc, version], at);
  else if (versionBytes === 3) out.set([0xcd, version >>> 8, version & 0xff], at);
  else out.set([0xce, version >>> 24, (version >>> 16) & 0xff, (version >>> 8) & 0xff, version & 0xff], at);
  return out;
}

function isAscii(text: string): boolean {
  for (let i = 0; i < text.length; i += 1) if (text.charCodeAt(i) > 0x7f) return false;
  return true;
}
