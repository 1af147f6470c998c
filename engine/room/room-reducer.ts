/*
 * Why one file over 300 lines: this is the room core's one deterministic step.
 * Commands, the cue loop and vote decisions call each other (a command fires
 * the cues it made due, a cue closes a quiz or a vote, a hotspot stands for a
 * command), and the order of their effects is the replay contract of every
 * log. Kept together, that order reads top to bottom in one place; the leaf
 * work already lives beside it (room-audience, room-moderation, room-cues,
 * command-checks).
 */
import type { Cue } from '../cues.ts';
import { defaultText } from '../text.ts';
import type { StoryView } from '../describe.ts';
import { setOwn } from '../set-own.ts';
import { castVote, countVotes, pickWinner } from '../tally.ts';
import { pause, play, positionAt, seek, serverTimeAt, startNode } from '../timeline.ts';
import { cueKey, dueCue, effectiveEnd } from './room-cues.ts';
import { requestProblem, roleProblem } from './command-checks.ts';
import { activeHotspot, answerQuiz, closeQuiz, countClick, hotspotAction, openQuiz, own, postComment, pushQuiz, recordClaim, type Emit } from './room-audience.ts';
import { applyModeration } from './room-moderation.ts';
import { stepMachine, viewOf, type RoomLogic } from './room-logic.ts';
import type { CommandActor, CommandResult, ErrorCode, FoldOptions, QuizRun, RoomCommand, RoomEvent, RoomInput, RoomState, RoomStep, VoteDecision } from './room-types.ts';

/** Recent command ids remembered per subject for idempotent retries. */
const RECENT_PER_SUBJECT = 32;
/** Bounds the cue loop: a story cannot fire more cues than this in one input. */
const MAX_CUES_PER_INPUT = 10_000;


/** What one input's fold carries down to its commands and cues. */
interface Folding {
  step: RoomStep;
  skipVotes: boolean;
  /** The input's logged vote decisions (read only when skipping votes), and how many were taken. */
  decisions: readonly VoteDecision[] | undefined;
  taken: number;
}

/**
 * Applies one log entry to a room. Deterministic and free of I/O and clocks:
 * time comes in as `input.t`. Before anything else, every cue due by `t` fires,
 * so folding the same log always gives the same state, whenever ticks ran.
 *
 * Mutates `state` in place (a room's state is owned by one room actor, and
 * copying a large vote book on every vote would cost O(viewers)).
 */
export function applyRoomInput(logic: RoomLogic, state: RoomState, input: RoomInput, options: FoldOptions = {}): RoomStep {
  const events: RoomEvent[] = [];
  const step: RoomStep = { events, tallyChanged: false };
  const cx: Folding = { step, skipVotes: options.skipVotes === true, decisions: input.decided, taken: 0 };
  const emit: Emit = (event) => {
    state.version += 1;
    events.push({ ...event, version: state.version } as RoomEvent);
  };
  if (state.closed) {
    // Levels 1 and 2 of command-checks.ts still come first; a retried id still gets its first answer.
    if (input.type === 'command') step.result = closedAnswer(logic, state, input.actor, input.id, input.command);
    // Another node's batch to a room that closed meanwhile: each vote gets its answer, as it would alone.
    else if (input.type === 'votes') step.results = input.votes.map(([sub, id, option]) => closedAnswer(logic, state, { sub, role: 'viewer' }, id, { type: 'vote', option }));
    return step;
  }
  fireDueCues(logic, state, input.t, emit, cx);
  if (input.type === 'presence') {
    state.present = Math.max(0, state.present + (input.action === 'join' ? 1 : -1));
  } else if (input.type === 'close') {
    state.timeline = pause(state.timeline, input.t);
    state.closed = true;
    emit({ type: 'closed' });
  } else if (input.type === 'command') {
    step.result = applyCommandInput(logic, state, input.t, input.actor, input.id, input.command, emit, cx);
  } else if (input.type === 'votes' && !cx.skipVotes) {
    // Skipping votes, a batch is only its time: the cues due by then fired above.
    step.results = input.votes.map(([sub, id, option]) => applyCommandInput(logic, state, input.t, { sub, role: 'viewer' }, id, { type: 'vote', option }, emit, cx));
  }
  return step;
}

/** One command with its id: a retry gets the remembered answer; otherwise it acts, then fires cues it made due. */
function applyCommandInput(logic: RoomLogic, state: RoomState, t: number, actor: CommandActor, id: string, command: RoomCommand, emit: Emit, cx: Folding): CommandResult {
  const previous = remembered(state, actor, id);
  if (previous) return previous;
  const result = refusal(logic, state, actor, command) ?? applyCommand(logic, state, t, actor, command, emit, cx);
  // A command that moved the timeline or the story may have made cues due. A vote moves
  // neither (only the vote book), and votes are the hot path: skip the second scan.
  if (result.ok && command.type !== 'vote') fireDueCues(logic, state, t, emit, cx);
  // A vote's own result already has the version (it fires nothing after): no second object per vote.
  const answer: CommandResult = result.ok && (result.data !== undefined || result.version !== state.version) ? { ok: true, version: state.version, ...(result.data ? { data: result.data } : {}) } : result;
  // `rate-limited` is not an answer to the command, only "not yet": the same id may be retried later.
  if (result.ok || result.code !== 'rate-limited') remember(state, actor.sub, id, answer);
  return answer;
}

/** A closed room's answer: a retried id gets its first answer, else levels 1 and 2 of command-checks.ts, else closed. */
function closedAnswer(logic: RoomLogic, state: RoomState, actor: CommandActor, id: string, command: RoomCommand): CommandResult {
  return remembered(state, actor, id) ?? refusal(logic, state, actor, command) ?? fail('bad-state', 'the room is closed');
}

/** The first answer to a command id this subject already sent, if remembered. */
function remembered(state: RoomState, actor: CommandActor, id: string): CommandResult | undefined {
  const list = own(state.recent, actor.sub);
  // A plain loop: this runs for every vote, and nearly always misses.
  if (list) for (const [seen, answer] of list) if (seen === id) return answer;
  return undefined;
}

/** Levels 1 and 2 of the error rule (command-checks.ts): malformed, then not for this role. */
function refusal(logic: RoomLogic, state: RoomState, actor: CommandActor, command: RoomCommand): CommandResult | undefined {
  return requestProblem(logic, command) ?? roleProblem(logic, state, actor, command);
}

/** Levels 3-5 of the error rule; the caller checked levels 1 and 2 (refusal). */
function applyCommand(logic: RoomLogic, state: RoomState, t: number, actor: CommandActor, command: RoomCommand, emit: Emit, cx: Folding): CommandResult {
  const isHost = actor.role === 'host';
  const node = logic.story.nodes[state.timeline.node];
  const view = viewOf(logic, state.machine);
  switch (command.type) {
    case 'play':
    case 'pause': {
      const next = command.type === 'play' ? play(state.timeline, t) : pause(state.timeline, t);
      if (next !== state.timeline) {
        state.timeline = next;
        emit({ type: 'timeline', timeline: next });
      }
      return ok(state);
    }
    case 'seek': {
      const end = effectiveEnd(logic.story, state);
      state.timeline = seek(state.timeline, t, Math.min(Math.max(0, command.position), end));
      emit({ type: 'timeline', timeline: state.timeline });
      return ok(state);
    }
    case 'vote': {
      const choice = node?.choice;
      if (!choice || view.phase !== 'open') return fail('bad-state', 'no choice is open');
      if (choice.mode !== 'vote') return fail('bad-state', `this choice is decided by ${choice.mode === 'host' ? 'the host' : 'its timer'}, not by votes`);
      if (!view.choice?.options.includes(command.option)) return fail('invalid', `'${command.option}' is not an open option`);
      // Skipping votes (a follower), the vote book stays empty: the owner's tally and decisions stand in for it.
      // ||=: in a batch, one vote that repeats its viewer's choice must not hide the changes before it.
      if (!cx.skipVotes) cx.step.tallyChanged = castVote(state.votes, actor.sub, command.option) || cx.step.tallyChanged;
      return ok(state);
    }
    case 'choose': {
      const choice = node?.choice;
      if (!choice || view.phase !== 'open') return fail('bad-state', 'no choice is open');
      if (!view.choice?.options.includes(command.option)) return fail('invalid', `'${command.option}' is not an open option`);
      const { machine, view: after } = stepMachine(logic, state.machine, { type: 'CHOOSE', option: command.option });
      state.machine = machine;
      announceSwitch(logic, state, after, emit);
      return ok(state);
    }
    case 'answer':
      return answerQuiz(state, t, actor, command.quiz, command.option);
    case 'push-quiz':
      return pushQuiz(logic, state, t, command.quiz, emit);
    case 'close-quiz': {
      const run = own(state.quizzes, command.quiz);
      if (!run || run.closedAt !== undefined) return fail('bad-state', `quiz '${command.quiz}' is not open`);
      closeRun(logic, state, command.quiz, t, emit);
      return ok(state);
    }
    case 'hotspot': {
      const hotspot = command.action === 'click' ? activeHotspot(logic, state, t, command.hotspot) : undefined;
      // Seek and choice hotspots act on the story, within the tapper's rights; the click
      // counts only if that action is accepted, so a refused command changes nothing.
      const act: RoomCommand | undefined =
        typeof hotspot !== 'object' ? undefined
        : hotspot.kind === 'seek' && isHost ? { type: 'seek', position: hotspot.seekTo }
        : hotspot.kind === 'choice' ? (node?.choice?.mode === 'vote' && !isHost ? { type: 'vote', option: hotspot.option } : { type: 'choose', option: hotspot.option })
        : undefined;
      if (!act) return hotspotAction(logic, state, t, command.hotspot, command.action);
      // The hotspot is there (level 4 of the hotspot); now the command it stands for, from level 2 on.
      const acted = roleProblem(logic, state, actor, act) ?? applyCommand(logic, state, t, actor, act, emit, cx);
      if (acted.ok) countClick(state, command.hotspot);
      return acted;
    }
    case 'claim':
      return recordClaim(logic, state, t, command.hotspot, command.code as string);
    case 'comment':
      return postComment(logic, state, t, actor, command.text, command.at, emit);
    case 'mute':
    case 'unmute':
    case 'remove-comment':
    case 'kick':
    case 'comment-policy':
      return applyModeration(state, actor, command, emit);
  }
}

/** Closes a quiz run; a story quiz also tells the machine (its award) and will not fire its close cue again. */
function closeRun(logic: RoomLogic, state: RoomState, quiz: string, t: number, emit: Emit): void {
  const run = own(state.quizzes, quiz);
  if (!run || run.closedAt !== undefined) return;
  const ratio = closeQuiz(state, quiz, t, emit);
  if (run.node !== null && run.node === state.timeline.node) {
    state.machine = stepMachine(logic, state.machine, { type: 'QUIZ_CLOSE', quiz, correctRatio: ratio }).machine;
    const key = `quiz-close:${quiz}`;
    if (!state.fired.includes(key)) state.fired.push(key);
  }
}

/** Fires, in order, every cue due by `t`, each at the exact server time it fell due. */
function fireDueCues(logic: RoomLogic, state: RoomState, t: number, emit: Emit, cx: Folding): void {
  // Story cues and timed ad-hoc quiz closes fire in the order they fell due, so
  // the events (and their versions) come out the same however late ticks ran.
  for (let i = 0; i < MAX_CUES_PER_INPUT; i++) {
    const cue = dueCue(logic.story, state, t);
    const exact = cue === undefined ? undefined : serverTimeAt(state.timeline, cue.at);
    const cueAt = cue === undefined ? undefined : exact === undefined ? t : Math.min(t, Math.max(state.timeline.serverAnchor, exact));
    const quiz = nextTimedClose(state, t);
    if (quiz && (cueAt === undefined || (quiz.closesAt as number) < cueAt)) {
      closeRun(logic, state, quiz.id, quiz.closesAt as number, emit);
      continue;
    }
    if (!cue || cueAt === undefined) return;
    fireCue(logic, state, cue, cueAt, emit, cx);
  }
}

/** The open timed ad-hoc quiz due first by `t` (ties by id), if any. */
function nextTimedClose(state: RoomState, t: number): QuizRun | undefined {
  let best: QuizRun | undefined;
  for (const q of Object.values(state.quizzes)) {
    if (q.closedAt !== undefined || q.closesAt === undefined || q.closesAt > t) continue;
    if (!best || q.closesAt < (best.closesAt as number) || (q.closesAt === best.closesAt && q.id < best.id)) best = q;
  }
  return best;
}

function fireCue(logic: RoomLogic, state: RoomState, cue: Cue, at: number, emit: Emit, cx: Folding): void {
  state.fired.push(cueKey(cue));
  const node = logic.story.nodes[state.timeline.node];
  const choice = node?.choice;
  switch (cue.kind) {
    case 'choice-open': {
      state.votes = {};
      const { machine, view } = stepMachine(logic, state.machine, { type: 'CHOICE_OPEN' });
      state.machine = machine;
      if (choice && view.choice) {
        const allowed = new Set(view.choice.options);
        emit({
          type: 'choice-open',
          node: state.timeline.node,
          mode: choice.mode,
          ...(choice.prompt === undefined ? {} : { prompt: defaultText(choice.prompt, logic.story) }),
          options: choice.options.filter((o) => allowed.has(o.id)).map((o) => ({ id: o.id, label: defaultText(o.label, logic.story) })),
          default: choice.default,
          closes: choice.closes,
        });
      }
      return;
    }
    case 'choice-close': {
      const view = viewOf(logic, state.machine);
      if (!choice || view.phase !== 'open') return;
      const allowed = view.choice?.options ?? [];
      const decision = choice.mode === 'vote' ? decideVote(state, allowed, choice.default, cx) : undefined;
      const { machine, view: after } = stepMachine(logic, state.machine, decision === undefined ? { type: 'CHOICE_CLOSE' } : { type: 'CHOICE_CLOSE', winner: decision.option });
      state.machine = machine;
      announceSwitch(logic, state, after, emit, decision?.counts);
      return;
    }
    case 'quiz-open': {
      const quiz = node?.quizzes?.find((q) => q.id === cue.quiz);
      if (!quiz) return;
      state.machine = stepMachine(logic, state.machine, { type: 'QUIZ_OPEN', quiz: quiz.id }).machine;
      openQuiz(logic, state, { id: quiz.id, node: state.timeline.node, prompt: defaultText(quiz.prompt, logic.story), options: quiz.options.map((o) => defaultText(o, logic.story)), answer: quiz.answer, points: quiz.points ?? 1, openedAt: at, answers: {} }, emit);
      return;
    }
    case 'quiz-close':
      closeRun(logic, state, cue.quiz, at, emit);
      return;
    case 'segment-end':
      endSegment(logic, state, at, emit);
      return;
  }
}

/**
 * A vote choice's winner and counts: from the vote book, or, when the fold
 * skips votes, as the owner logged them (its next decision in this input).
 */
function decideVote(state: RoomState, allowed: readonly string[], fallback: string, cx: Folding): VoteDecision {
  const logged = cx.skipVotes ? cx.decisions?.[cx.taken++] : undefined;
  const decision =
    logged && allowed.includes(logged.option)
      ? logged
      : (() => {
          const counts = countVotes(state.votes, allowed);
          return { option: pickWinner(counts, allowed, fallback), counts };
        })();
  (cx.step.decided ??= []).push(decision);
  return decision;
}

/** Announces a decided choice ahead of time: the target and the media position of the switch (`counts`: a vote's, if decided by one). */
function announceSwitch(logic: RoomLogic, state: RoomState, view: StoryView, emit: Emit, counts?: Record<string, number>): void {
  const decided = view.choice?.decided;
  const choice = logic.story.nodes[state.timeline.node]?.choice;
  if (!decided || !choice || state.pendingSwitch) return;
  const option = choice.options.find((o) => o.id === decided);
  if (!option) return;
  state.pendingSwitch = { option: decided, to: option.to, atMedia: 0 };
  state.pendingSwitch.atMedia = effectiveEnd(logic.story, state);
  const allowed = view.choice?.options ?? [];
  emit({ type: 'switch', node: state.timeline.node, option: decided, to: option.to, atMedia: state.pendingSwitch.atMedia, counts: counts ?? countVotes(state.votes, allowed) });
}

function endSegment(logic: RoomLogic, state: RoomState, at: number, emit: Emit): void {
  const from = state.timeline.node;
  const before = viewOf(logic, state.machine);
  if (before.ended) {
    // An ending's media has run out: stop the clock at its last frame.
    state.timeline = pause(state.timeline, at);
    emit({ type: 'timeline', timeline: state.timeline });
    return;
  }
  // Quizzes of this node still open when it ends (a switch before their close) close now.
  for (const run of Object.values(state.quizzes)) if (run.node === from && run.closedAt === undefined) closeRun(logic, state, run.id, at, emit);
  const { machine, view } = stepMachine(logic, state.machine, { type: 'SEGMENT_END' });
  state.machine = machine;
  if (view.node !== from) {
    const option = state.pendingSwitch?.option;
    state.timeline = startNode(view.node, at, state.timeline.playing, 0, state.timeline.rate);
    state.fired = [];
    state.votes = {};
    state.pendingSwitch = null;
    emit({ type: 'node', node: view.node, from, ...(option === undefined ? {} : { option }), timeline: state.timeline });
    const ending = logic.story.nodes[view.node]?.ending;
    if (view.ended && ending) emit({ type: 'ended', node: view.node, title: defaultText(ending.title, logic.story) });
    return;
  }
  // Still here: the node loops while it waits for its choice.
  const loop = logic.story.nodes[from]?.choice?.loop;
  const from_ = typeof loop === 'object' ? loop.from : (logic.story.nodes[from]?.choice?.opens ?? 0);
  state.timeline = seek(state.timeline, at, from_);
  state.fired = state.fired.filter((k) => k !== 'segment-end');
  emit({ type: 'timeline', timeline: state.timeline });
}

function remember(state: RoomState, sub: string, id: string, result: CommandResult): void {
  let list = own(state.recent, sub);
  if (!list) setOwn(state.recent, sub, (list = []));
  list.push([id, result]);
  if (list.length > RECENT_PER_SUBJECT) list.shift();
}

const ok = (state: RoomState): CommandResult => ({ ok: true, version: state.version });
const fail = (code: ErrorCode, message: string): CommandResult => ({ ok: false, code, message });

/** Media position of the room at `t`, clamped to the current segment. */
export function roomPosition(logic: RoomLogic, state: RoomState, t: number): number {
  return Math.min(Math.max(0, positionAt(state.timeline, t)), effectiveEnd(logic.story, state));
}
