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
const HEAD = Uint8Array.of(0x83, 0xa1, 0x74, MSG.ACK, 0xa2, 0x69, 0x64);
/** The key `version`. */
const VERSION_KEY = Uint8Array.of(0xa7, ...Array.from('version', (c) => c.charCodeAt(0)));
/** The longest ACK written here: head, str8 id of 255, key, uint32. */
const MAX_ACK_BYTES = HEAD.length + 2 + 255 + VERSION_KEY.length + 5;

/**
 * ACKs are carved out of a shared slab, as Node's Buffer pool does: a typed
 * array allocation per ACK showed in the profile. Each ACK gets its own bytes
 * (a queued one is never overwritten); a full slab is left to the GC.
 */
const SLAB_BYTES = 64 * 1024;
let slab = new Uint8Array(SLAB_BYTES);
let slabUsed = 0;

/** Encodes `{t: ACK, id, version}`. */
export function encodeAck(id: string, version: number): Uint8Array {
  if (id.length > 255 || !Number.isSafeInteger(version) || version < 0 || version > 0xffffffff) return encodeMessage({ t: MSG.ACK, id, version });
  if (slabUsed + MAX_ACK_BYTES > SLAB_BYTES) {
    slab = new Uint8Array(SLAB_BYTES);
    slabUsed = 0;
  }
  const out = slab;
  const start = slabUsed;
  out.set(HEAD, start);
  let at = start + HEAD.length;
  if (id.length <= 31) out[at++] = 0xa0 | id.length;
  else {
    out[at++] = 0xd9;
    out[at++] = id.length;
  }
  for (let i = 0; i < id.length; i += 1) {
    const code = id.charCodeAt(i);
    // Not ASCII: one byte per character no longer holds. Nothing is claimed from the slab yet.
    if (code > 0x7f) return encodeMessage({ t: MSG.ACK, id, version });
    out[at++] = code;
  }
  out.set(VERSION_KEY, at);
  at += VERSION_KEY.length;
  if (version <= 0x7f) out[at++] = version;
  else if (version <= 0xff) {
    out[at++] = 0xcc;
    out[at++] = version;
  } else if (version <= 0xffff) {
    out[at++] = 0xcd;
    out[at++] = version >>> 8;
    out[at++] = version & 0xff;
  } else {
    out[at++] = 0xce;
    out[at++] = version >>> 24;
    out[at++] = (version >>> 16) & 0xff;
    out[at++] = (version >>> 8) & 0xff;
    out[at++] = version & 0xff;
  }
  slabUsed = at;
  return out.subarray(start, at);
}
