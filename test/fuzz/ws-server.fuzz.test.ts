/**
 * The room socket of a real `branchcast serve` (child process, default limits,
 * loopback) under generated frames, as host and as viewer: arbitrary bytes,
 * every msgpack type and width, ext values, hostile keys, truncated and
 * trailing-garbage frames, frames near the 64 KiB limit, text frames, and
 * every client message tampered with or widened (test/support/msgpack-arbitrary.ts).
 *
 * Each batch (up to 50 frames, the per-connection invalid-frame allowance)
 * goes over one fresh connection. Then: every frame got exactly one typed
 * answer and never `internal`; /healthz is 200; a fresh viewer joins (its
 * WELCOME carries the snapshot); and the room's state hash is unchanged
 * unless the batch was acknowledged something. A paused room only changes
 * through commands (fuzz-room.ts), so "no ACK, same hash" is exact: a refused
 * or malformed frame that changed the room's state is a bug.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { arbClientMessage, arbFrame, arbHeavyFrame, arbTampered, arbWireOf } from '../support/msgpack-arbitrary.ts';
import { encodeWire } from '../support/msgpack-wire.ts';
import { adminKeyFrom, postStory } from '../support/rooms-api.ts';
import { startServerProcess, type ServerProcess } from '../support/server-process.ts';
import { FuzzRoom } from './fuzz-room.ts';
import { FUZZ_STORY, FUZZ_VOCABULARY } from './fuzz-story.ts';
import { FuzzTally, fuzzSeed, runs } from './fuzz-settings.ts';
import { BatchSocket, type FuzzFrame, type ServerFrame } from './ws-batch.ts';

const tally = new FuzzTally('ws-server', fuzzSeed());

/** docs/protocol.md §4: the first 50 malformed frames of a connection each get an ERROR; the 51st closes it. */
const BATCH_MAX = 50;
const ROOM_ERRORS = ['invalid', 'not-allowed', 'bad-state', 'rate-limited'];

const messages = arbClientMessage(FUZZ_VOCABULARY);
const bytesOf = (frame: { bytes: Uint8Array }): FuzzFrame => ({ bytes: frame.bytes });
const textFrame: fc.Arbitrary<FuzzFrame> = fc.string({ unit: 'grapheme', maxLength: 60 }).map((s) => ({ bytes: new TextEncoder().encode(s), text: true }));

/** Frames that carry no well-formed message (or one by rare chance: a TIME, a HELLO), so no ACK can follow. */
const garbageFrame: fc.Arbitrary<FuzzFrame> = fc.oneof(
  { weight: 40, arbitrary: arbFrame().map(bytesOf) },
  { weight: 2, arbitrary: textFrame },
  { weight: 1, arbitrary: arbHeavyFrame.map(bytesOf) },
);

/** Well-formed messages in any encoding, and messages with one field tampered with: these reach the room. */
const mixedFrame: fc.Arbitrary<FuzzFrame> = fc.oneof(
  { weight: 4, arbitrary: messages.chain((m) => arbWireOf(m)).map((tree) => ({ bytes: encodeWire(tree) })) },
  { weight: 4, arbitrary: messages.chain((m) => arbTampered(m)).map((tree) => ({ bytes: encodeWire(tree) })) },
  { weight: 2, arbitrary: garbageFrame },
);

const arbBatch = (frame: fc.Arbitrary<FuzzFrame>) => fc.record({ host: fc.boolean(), frames: fc.array(frame, { minLength: 20, maxLength: BATCH_MAX }) });

let server: ServerProcess;
let room: FuzzRoom;
let acknowledged = 0;

beforeAll(async () => {
  server = await startServerProcess();
  const key = adminKeyFrom(server.output());
  await postStory(server.url, key, FUZZ_STORY);
  room = new FuzzRoom(server.url, server.port, key);
  await room.settle();
});
afterAll(async () => {
  tally.report();
  process.stdout.write(`fuzz ws-server: ${acknowledged} commands acknowledged, ${room?.rooms ?? 0} room(s) played\n`);
  await server?.stop();
});

/** Sends one batch and checks everything the suite promises about it; returns whether anything was acknowledged. */
async function runBatch(host: boolean, frames: FuzzFrame[]): Promise<boolean> {
  const before = room.hash;
  const token = host ? room.hostToken : await room.viewerToken();
  const { socket } = await BatchSocket.join(server.port, token);
  const { answers, close } = await socket.exchange(frames);
  await socket.close();
  const unanswered = `${frames.length - answers.length} of ${frames.length} frames unanswered (close ${String(close?.code)} ${close?.reason ?? ''}); last answers ${JSON.stringify(answers.slice(-3))}`;
  expect(answers.length, unanswered).toBe(frames.length);
  for (const answer of answers) checkAnswer(answer);
  tally.add(frames.length);

  expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
  const fresh = await BatchSocket.join(server.port, await room.viewerToken());
  await fresh.socket.close();
  const after = (fresh.welcome.snapshot as { hash?: unknown } | undefined)?.hash;
  const acked = answers.filter((a) => a.t === 103).length;
  acknowledged += acked;
  if (acked === 0) expect(after, 'a batch without an ACK changed the room state hash').toBe(before);
  else await room.settle();
  return acked > 0;
}

function checkAnswer(answer: ServerFrame): void {
  if (answer.t !== 104) return;
  expect(ROOM_ERRORS, `ERROR ${JSON.stringify(answer)}`).toContain(answer.code);
  expect(typeof answer.message === 'string' && answer.message.length <= 300, 'an ERROR message that echoes its input').toBe(true);
}

describe('the room socket of a real server under generated frames', () => {
  it('refuses garbage frame by frame, as host and viewer, and the room state stays exactly as it was', async () => {
    await fc.assert(
      fc.asyncProperty(arbBatch(garbageFrame), async ({ host, frames }) => {
        expect(await runBatch(host, frames), 'garbage was acknowledged').toBe(false);
      }),
      tally.params('garbage', runs(160)),
    );
  }, 600_000);

  it('answers well-formed, widened and tampered messages with typed answers; only acknowledged batches change the state', async () => {
    await fc.assert(
      fc.asyncProperty(arbBatch(mixedFrame), async ({ host, frames }) => {
        await runBatch(host, frames);
      }),
      tally.params('mixed', runs(160)),
    );
  }, 600_000);
});
