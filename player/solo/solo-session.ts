/**
 * Solo viewing (issue 15): one viewer, their own choices, driven by the SAME
 * pure room core the server's LiveRoom drives (engine/room), so a solo run and
 * a server room fed the same inputs reach the same state hashes.
 *
 * The viewer acts as the room's host: a host's `choose` resolves vote, host
 * and timer choices alike, and an untouched timer choice plays its default
 * when its cue fires. The session is its input log: the state is the fold of
 * the log, so going back to a choice is replaying the log up to it, and
 * saving is storing the log. Time comes from an injected clock (the browser
 * passes performance-based ms; tests pass their own), never from the engine.
 */
import {
  applyRoomInput,
  createRoomLogic,
  createRoomState,
  hashRoomState,
  nextWakeAt,
  roomSnapshot,
  type CommandActor,
  type RoomCommand,
  type RoomEvent,
  type RoomInput,
  type RoomLogic,
  type RoomSnapshot,
  type RoomState,
  type RoomStep,
} from '../../engine/room/index.ts';
import type { Story } from '../../engine/story.ts';

/** The solo viewer: a host of a room of one. */
export const SOLO_ACTOR: CommandActor = { sub: 'solo', role: 'host' };

/** A point the viewer may return to: the log length just before a choice was made there. */
export interface ChoicePoint {
  node: string;
  option: string;
  /** Index into the log of the `choose` input. */
  at: number;
}

export class SoloSession {
  readonly logic: RoomLogic;
  private state: RoomState;
  private log: RoomInput[] = [];
  private seq = 0;

  constructor(
    story: Story,
    private readonly room = `solo:${story.id}`,
    private readonly t0 = 0,
  ) {
    this.logic = createRoomLogic(story);
    this.state = createRoomState(this.logic, room, t0);
  }

  /** Applies one input, logs it, and returns the events it produced. */
  apply(input: RoomInput): RoomEvent[] {
    return this.step(input).events;
  }

  /** Applies one input, logs it, and returns the whole step (events and a command's result). */
  step(input: RoomInput): RoomStep {
    this.log.push(input);
    return applyRoomInput(this.logic, this.state, input);
  }

  command(t: number, command: RoomCommand): RoomEvent[] {
    return this.run(t, command).events;
  }

  /** A command from the viewer at session time `t`, with its result (refused commands are logged too, as a room logs them). */
  run(t: number, command: RoomCommand): RoomStep {
    this.seq += 1;
    return this.step({ type: 'command', t, actor: SOLO_ACTOR, id: `s${this.seq}`, command });
  }

  /** The cue scheduler: call at (or after) wakeAt(). */
  tick(t: number): RoomEvent[] {
    return this.apply({ type: 'tick', t });
  }

  /** Server-clock time of the next cue, as LiveRoom schedules it. */
  wakeAt(): number | undefined {
    return nextWakeAt(this.logic.story, this.state);
  }

  snapshot(): RoomSnapshot {
    return roomSnapshot(this.logic, this.state);
  }

  hash(): string {
    return hashRoomState(this.state);
  }

  inputs(): readonly RoomInput[] {
    return this.log;
  }

  /** Every choice the viewer made, in order (the path strip). */
  choices(): ChoicePoint[] {
    const points: ChoicePoint[] = [];
    const replay = new SoloSession(this.logic.story, this.room, this.t0);
    this.log.forEach((input, at) => {
      if (input.type === 'command' && input.command.type === 'choose') points.push({ node: replay.state.timeline.node, option: input.command.option, at });
      replay.apply(input);
    });
    return points;
  }

  /**
   * Returns to a choice point: the log up to (not including) that choice is
   * folded again, so variables, scores and quizzes are exactly as they were.
   * The timeline is then sought to the choice's window, paused, at time `t`.
   */
  goBack(point: ChoicePoint, t: number): void {
    const chosenAt = this.log[point.at]?.t ?? t;
    this.restore(this.log.slice(0, point.at));
    const choice = this.logic.story.nodes[this.state.timeline.node]?.choice;
    // Pause at the moment the choice was made: a later time would first fire every cue due by then.
    this.command(chosenAt, { type: 'pause' });
    if (choice) this.command(t, { type: 'seek', position: choice.opens });
  }

  /** Folds a saved log from a fresh state (resume, go back, or a new story version). Returns how many inputs fit. */
  restore(log: readonly RoomInput[]): number {
    this.state = createRoomState(this.logic, this.room, this.t0);
    this.log = [];
    this.seq = 0;
    let fitted = 0;
    for (const input of log) {
      if (input.type === 'command') {
        const result = applyRoomInput(this.logic, this.state, input).result;
        this.log.push(input);
        this.seq = Math.max(this.seq, Number(input.id.slice(1)) || 0);
        if (result && !result.ok && input.command.type === 'choose') break; // the path no longer fits this version
      } else {
        applyRoomInput(this.logic, this.state, input);
        this.log.push(input);
      }
      fitted += 1;
    }
    return fitted;
  }
}
