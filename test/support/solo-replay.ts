/**
 * Replays a server room's run in a SoloSession, the player's solo mode, and
 * returns its state hash at each observation of the server (issue 15, "one
 * engine, two places"). Pure: the test bundles this file with esbuild and runs
 * it in Chromium; the Node-only tests call it directly.
 *
 * Two ways, both compared with the server's hashes:
 * - `own`: the solo session gets the server's commands (same times, same actor
 *   and ids, as logged) and wakes itself for cues with its own scheduler
 *   (wakeAt), as the solo player does; the server's ticks are not given to it;
 * - `fed`: the solo session folds the server's log verbatim (commands, the
 *   ticks its timer logged, presence) up to each observation.
 */
import type { RoomInput } from '../../engine/room/index.ts';
import type { Story } from '../../engine/story.ts';
import { SoloSession } from '../../player/solo/solo-session.ts';

export interface ReplayJob {
  story: Story;
  /** The server room's id and creation time: both are part of the hashed state. */
  room: string;
  t0: number;
  log: RoomInput[];
  /** Command id observed ('' = the new room) and the server-time bracket [lo, hi] of the observation. */
  observations: Array<{ id: string; lo: number; hi: number }>;
}

export interface ReplayResult {
  own: string[];
  fed: string[];
  /** The fold of the whole log. */
  fedAll: string;
  /** Observations the replay cannot attribute to one state (a cue or input inside [lo, hi]), or steps missing from the log. */
  problems: string[];
}

/** Bounds the scheduler: no script wakes a room this often between two observations. */
const MAX_WAKES = 1000;

export function replay(job: ReplayJob): ReplayResult {
  const own = new SoloSession(job.story, job.room, job.t0);
  const fed = new SoloSession(job.story, job.room, job.t0);
  const commands = new Map<string, RoomInput>();
  for (const input of job.log) if (input.type === 'command') commands.set(input.id, input);
  const result: ReplayResult = { own: [], fed: [], fedAll: '', problems: [] };
  let next = 0;
  for (const { id, lo, hi } of job.observations) {
    const input = id === '' ? undefined : commands.get(id);
    if (id !== '' && !input) result.problems.push(`${id}: the server did not log this command`);
    if (input) {
      wake(own, input.t);
      own.apply(input);
    }
    wake(own, lo);
    const due = own.wakeAt();
    if (due !== undefined && due <= hi) result.problems.push(`${id}: a cue fell due at ${due}, inside the observation [${lo}, ${hi}]`);
    result.own.push(own.hash());

    // The server applied every logged input stamped before `lo`, and this step's command, before it served the GET.
    while (next < job.log.length) {
      const logged = job.log[next]!;
      if (logged.t < lo || logged === input) {
        fed.apply(logged);
        next += 1;
        continue;
      }
      // Commands and presence come from the test itself, which sends them only after the observation:
      // only a tick of the server's own timer can fall inside it unordered.
      if (logged.type === 'tick' && logged.t <= hi) result.problems.push(`${id}: the server's timer ticked at ${logged.t}, inside the observation [${lo}, ${hi}]`);
      break;
    }
    result.fed.push(fed.hash());
  }
  const all = new SoloSession(job.story, job.room, job.t0);
  for (const input of job.log) all.apply(input);
  result.fedAll = all.hash();
  return result;
}

/** The solo scheduler: wakes the session at each instant nextWakeAt names, up to `until`. */
function wake(session: SoloSession, until: number): void {
  for (let i = 0; i < MAX_WAKES; i++) {
    const at = session.wakeAt();
    if (at === undefined || at > until) return;
    session.tick(at);
  }
  throw new Error(`more than ${MAX_WAKES} wake-ups before ${until}`);
}
