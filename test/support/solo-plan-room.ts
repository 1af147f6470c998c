/**
 * The planner's model of a room: the engine's room core under a virtual
 * clock, fed the way LiveRoom feeds it (a command at "now"; a tick 1 ms after
 * each wake-up instant). It checks each planned command is accepted and
 * records the version the real room must reach after it.
 */
import type { StoryView } from '../../engine/describe.ts';
import {
  applyRoomInput,
  createRoomLogic,
  createRoomState,
  cueKey,
  nextWakeAt,
  roomCues,
  roomPosition,
  viewOf,
  type CommandActor,
  type RoomCommand,
  type RoomLogic,
  type RoomState,
} from '../../engine/room/index.ts';
import type { Story } from '../../engine/story.ts';
import type { ScriptStep } from './solo-script-types.ts';

const PLANNER: CommandActor = { sub: 'planner', role: 'host' };
/** Virtual time between two commands; the real run takes about as long per step. */
const STEP_MS = 20;

export class PlanRoom {
  readonly steps: ScriptStep[] = [];
  private readonly logic: RoomLogic;
  private readonly state: RoomState;
  private t = 1_000_000;

  constructor(story: Story) {
    this.logic = createRoomLogic(story);
    this.state = createRoomState(this.logic, 'plan', this.t);
  }

  view(): StoryView {
    return viewOf(this.logic, this.state.machine);
  }

  position(): number {
    return roomPosition(this.logic, this.state, this.t);
  }

  playing(): boolean {
    return this.state.timeline.playing;
  }

  quizOpen(quiz: string): boolean {
    const run = Object.hasOwn(this.state.quizzes, quiz) ? this.state.quizzes[quiz] : undefined;
    return run !== undefined && run.closedAt === undefined;
  }

  /**
   * Applies a host command as the server will; a refusal means the plan is
   * wrong. `untilWake`: the step then waits for the room's next wake-up (a cue
   * or a timed quiz close) to fire on its own, which must produce events.
   */
  send(command: RoomCommand, options: { untilWake?: boolean } = {}): void {
    this.t += STEP_MS;
    // The server adds a claim's coupon code from its campaign ledger before the room sees it.
    const applied: RoomCommand = command.type === 'claim' ? { ...command, code: 'planned' } : command;
    const step = applyRoomInput(this.logic, this.state, { type: 'command', t: this.t, actor: PLANNER, id: `p${this.steps.length}`, command: applied });
    if (!step.result?.ok) throw new Error(`planned ${JSON.stringify(command)} is refused: ${JSON.stringify(step.result)}`);
    if (options.untilWake) {
      const wake = nextWakeAt(this.logic.story, this.state);
      if (wake === undefined) throw new Error(`planned ${JSON.stringify(command)} waits for a wake-up that is not scheduled`);
      const before = this.state.version;
      this.t = Math.max(this.t, Math.ceil(wake) + 1);
      applyRoomInput(this.logic, this.state, { type: 'tick', t: this.t });
      // A tick without events is not logged by the server; the runner could not wait for it either.
      if (this.state.version === before) throw new Error(`planned wake-up after ${JSON.stringify(command)} fires nothing visible`);
      const next = nextWakeAt(this.logic.story, this.state);
      if (next !== undefined && next - this.t < 1000) throw new Error(`planned wake-up after ${JSON.stringify(command)} is followed by another within ${next - this.t} ms`);
    }
    this.steps.push({ command, version: this.state.version, ...(options.untilWake ? { realtime: true } : {}) });
  }

  /**
   * Whether playing from `at - leadIn` reaches a cue exactly at `at` with
   * nothing else due before it, and nothing due within `quiet` seconds after
   * it (`nextNodeCue`: the earliest cue of the node a switch there leads to).
   */
  canPlayOnto(at: number, leadIn: number, quiet: number, nextNodeCue: number): boolean {
    if (this.state.timeline.playing || Object.values(this.state.quizzes).some((q) => q.closedAt === undefined && q.closesAt !== undefined)) return false;
    const from = Math.max(this.position(), at - leadIn);
    if (at - from < 0.1) return false;
    const pending = roomCues(this.logic.story, this.state).filter((c) => !this.state.fired.includes(cueKey(c)) && c.at > from + 1e-9);
    if (pending[0] === undefined || Math.abs(pending[0].at - at) > 1e-9) return false;
    const later = pending.find((c) => c.at > at + 1e-9);
    if (later !== undefined && later.at - at < quiet) return false;
    const switches = pending.some((c) => c.kind === 'segment-end' && c.at <= at + 1e-9) && !this.view().ended;
    return !switches || nextNodeCue >= quiet;
  }
}
