/**
 * Runs a PathScript against a real server room: the host sends each command
 * over the WebSocket, the server stamps it with its own clock, and after each
 * step the test reads the room's state hash from `GET /api/rooms/:id` (the
 * operator's view of the live room: no input is logged for it, so observing
 * does not change what is observed).
 *
 * Each observation is bracketed by two TIME probes on the host's socket: the
 * GET was served at a server time in [lo, hi]. The replay uses the bracket to
 * fold exactly what the server had applied by then, and to prove that no cue
 * could have fired inside it (which would make the observation ambiguous).
 */
import { api, createRoom } from './rooms-api.ts';
import { RoomClient, type Frame } from './room-client.ts';
import type { PathScript } from './solo-script-types.ts';

export interface Observation {
  /** The command id of the step observed; '' for the new room before any command. */
  id: string;
  lo: number;
  hi: number;
  version: number;
  hash: string;
}

export interface RoomRun {
  room: string;
  observations: Observation[];
}

const STEP_TIMEOUT_MS = 10_000;

export async function runOnServer(base: string, key: string, script: PathScript): Promise<RoomRun> {
  const room = await createRoom(base, key, script.story);
  const host = await RoomClient.connect(base, { token: room.hostToken });
  try {
    await host.welcome();
    const observations = [await observe(host, base, key, room.id, '')];
    for (const [i, step] of script.steps.entries()) {
      const id = `s${i}`;
      const reply = await host.command(step.command as unknown as Record<string, unknown>, id, STEP_TIMEOUT_MS);
      if (reply.t !== 103) throw new Error(`${script.story} → ${script.ending}, step ${i} ${JSON.stringify(step.command)} refused: ${String(reply.code)} ${String(reply.message)}`);
      // The ACK may come before the EVENTS it promises; a real-time step also waits for the cue the server's timer fires.
      await host.waitFor((f) => f.t === 101 && maxVersion(f) >= step.version, STEP_TIMEOUT_MS);
      observations.push(await observe(host, base, key, room.id, id));
    }
    return { room: room.id, observations };
  } finally {
    await host.close();
  }
}

function maxVersion(frame: Frame): number {
  return Math.max(-1, ...(frame.events as Array<{ version: number }>).map((e) => e.version));
}

let probes = 0;

/** The server's clock now: s2 of a TIME reply when probing before the GET, s1 when after. */
async function serverTime(host: RoomClient, field: 's1' | 's2'): Promise<number> {
  const c0 = ++probes;
  const reply = host.waitFor((f) => f.t === 102 && f.c0 === c0, STEP_TIMEOUT_MS, host.frames.length);
  host.send({ t: 2, c0 });
  return (await reply)[field] as number;
}

async function observe(host: RoomClient, base: string, key: string, room: string, id: string): Promise<Observation> {
  const lo = await serverTime(host, 's2');
  const res = await api(base, 'GET', `/api/rooms/${room}`, { key });
  const hi = await serverTime(host, 's1');
  if (res.status !== 200) throw new Error(`GET /api/rooms/${room}: ${res.status}`);
  const snapshot = res.body as { version: number; hash: string };
  return { id, lo, hi, version: snapshot.version, hash: snapshot.hash };
}
