import { foldCreate, foldInput, quizResults, type RoomFold, type RoomLogic } from '../room/index.ts';
import type { CommandActor, RoomCommand, RoomEvent, RoomInput, RoomState } from '../room/room-types.ts';
import { defaultText } from '../text.ts';
import type { AnalyticsLogEntry, QuizRecord, RoomAnalytics } from './analytics-types.ts';
import { moderationRecord } from './moderation-record.ts';
import { decidesByHand, decision, findHotspot } from './choice-decision.ts';

/** An analytics fold fed one log entry at a time, so a long log streams through in O(interactions) memory. */
export interface AnalyticsReplay {
  add(entry: AnalyticsLogEntry): void;
  /** The analytics of everything added so far. */
  result(): RoomAnalytics;
}

/**
 * Analytics of a room, by replaying its log through the real room core: every
 * number is what the room itself did, not a second implementation of its rules.
 *
 * @example
 *   const a = roomAnalytics(entries); // [{k:'create', room, t, story}, {k:'input', input}, ...]
 *   a.choices[0]?.decidedBy; // 'vote'
 */
export function roomAnalytics(entries: Iterable<AnalyticsLogEntry>): RoomAnalytics {
  const replay = createAnalyticsReplay();
  for (const entry of entries) replay.add(entry);
  return replay.result();
}

interface OpenRun {
  record: QuizRecord;
  /** Indices into `answers` of this run's answers. */
  answers: number[];
}

interface HotspotTally {
  impressions: number;
  clicks: number;
  claims: number;
  viewers: Set<string>;
}

export function createAnalyticsReplay(): AnalyticsReplay {
  let logic: RoomLogic | undefined;
  let state: RoomState | undefined;
  /** The room core's fold of the log (logic and state above are its parts, kept for the readers below). */
  let fold: RoomFold | undefined;
  const a: RoomAnalytics = emptyAnalytics();
  const openRuns = new Map<string, OpenRun>();
  const hotspots = new Map<string, HotspotTally>();
  const viewers = new Set<string>();
  const hosts = new Set<string>();
  const scores = new Map<string, { answered: number; correct: number; score: number }>();
  const scoreOf = (sub: string) => {
    let s = scores.get(sub);
    if (!s) scores.set(sub, (s = { answered: 0, correct: 0, score: 0 }));
    return s;
  };

  function onEvents(events: readonly RoomEvent[], t: number, cause: { actor: CommandActor; command: RoomCommand } | undefined): void {
    if (!logic || !state) return;
    let actorSwitched = false;
    for (const e of events) {
      switch (e.type) {
        case 'switch': {
          const byActor = !actorSwitched && cause !== undefined && decidesByHand(logic, cause.command);
          if (byActor) actorSwitched = true;
          a.choices.push(decision(logic, e, t, byActor ? (cause.actor.role === 'host' ? 'host' : 'viewer') : undefined));
          break;
        }
        case 'quiz-open': {
          const run = own(state.quizzes, e.quiz);
          const answer = e.node === null ? adHocAnswer(cause?.command, e.quiz) : logic.story.nodes[e.node]?.quizzes?.find((q) => q.id === e.quiz)?.answer;
          const record: QuizRecord = {
            quiz: e.quiz,
            node: e.node,
            prompt: e.prompt,
            options: [...e.options],
            ...(answer === undefined ? {} : { answer }),
            points: e.points,
            openedAt: run?.openedAt ?? t,
            closedAt: null,
            results: { quiz: e.quiz, counts: e.options.map(() => 0), total: 0, buckets: [], heat: e.options.map(() => []) },
          };
          a.quizzes.push(record);
          openRuns.set(e.quiz, { record, answers: [] });
          break;
        }
        case 'quiz-close': {
          const open = openRuns.get(e.quiz);
          if (!open) break;
          openRuns.delete(e.quiz);
          const run = own(state.quizzes, e.quiz);
          open.record.closedAt = run?.closedAt ?? t;
          open.record.results = e.results;
          // The close reveals the correct option: the room's word, whatever opened the run.
          if (e.answer === undefined) delete open.record.answer;
          else open.record.answer = e.answer;
          for (const i of open.answers) {
            const answer = a.answers[i];
            if (!answer) continue;
            answer.correct = e.answer === undefined ? null : answer.option === e.answer;
            const s = scoreOf(answer.sub);
            if (answer.correct) {
              answer.points = open.record.points;
              s.correct += 1;
              s.score += open.record.points;
            }
            answer.score = s.score;
          }
          break;
        }
        case 'comment':
          a.comments.list.push({ id: e.id, t: e.t, sub: e.sub, node: e.node, at: e.at, text: e.text });
          a.comments.perNode[e.node] = (a.comments.perNode[e.node] ?? 0) + 1;
          a.comments.perViewer[e.sub] = (a.comments.perViewer[e.sub] ?? 0) + 1;
          a.comments.total += 1;
          break;
        case 'muted':
        case 'kicked':
        case 'comment-removed':
        case 'comment-policy':
          a.moderation.push(moderationRecord(e, t, cause?.actor.sub ?? null));
          break;
        case 'ended':
          a.room.ending = { node: e.node, title: e.title, t };
          break;
        case 'closed':
          a.room.closed = t;
          break;
        default:
          break;
      }
    }
  }

  /** Counts what an accepted (and not retried) command did that no event tells. */
  function onCommand(input: Extract<RoomInput, { type: 'command' }>, data: Record<string, unknown> | undefined): void {
    if (!state || !logic) return;
    const { actor, command } = input;
    if (command.type === 'answer') {
      const open = openRuns.get(command.quiz);
      const run = own(state.quizzes, command.quiz);
      const given = run ? own(run.answers, actor.sub) : undefined;
      if (!open || !given) return;
      const answer = open.record.answer;
      const correct = answer === undefined ? null : given.option === answer;
      open.answers.push(a.answers.length);
      a.answers.push({ quiz: command.quiz, node: open.record.node, sub: actor.sub, t: input.t, option: given.option, correct, ms: given.ms, points: 0, score: scoreOf(actor.sub).score });
      scoreOf(actor.sub).answered += 1;
    } else if (command.type === 'hotspot' || command.type === 'claim') {
      const tally = hotspots.get(command.hotspot) ?? { impressions: 0, clicks: 0, claims: 0, viewers: new Set<string>() };
      hotspots.set(command.hotspot, tally);
      tally.viewers.add(actor.sub);
      if (command.type === 'claim') {
        tally.claims += 1;
        const campaign = typeof data?.campaign === 'string' ? data.campaign : null;
        a.claims.push({ t: input.t, hotspot: command.hotspot, campaign, sub: actor.sub, code: command.code ?? '' });
      } else if (command.action === 'impression') tally.impressions += 1;
      else tally.clicks += 1;
    }
  }

  function apply(input: RoomInput): void {
    if (!logic || !state || !fold) {
      a.problems.push(`input at ${input.t} before the create record`);
      return;
    }
    a.room.lastEventAt = Math.max(a.room.lastEventAt, input.t);
    if (input.type === 'votes') {
      // A merged batch folds exactly like its vote commands one after another.
      for (const [sub, id, option] of input.votes) apply({ type: 'command', t: input.t, actor: { sub, role: 'viewer' }, id, command: { type: 'vote', option } });
      return;
    }
    if (input.type !== 'command') {
      const step = foldInput(fold, input);
      if (input.type === 'presence') onPresence(input);
      onEvents(step.events, input.t, undefined);
      return;
    }
    // A command fires the cues due by its time, then acts. Replaying the cues
    // as a tick first is the same fold (the room core starts every input that
    // way), and it tells which switch the command itself decided.
    onEvents(foldInput(fold, { type: 'tick', t: input.t }).events, input.t, undefined);
    const retried = own(state.recent, input.actor.sub)?.some(([id]) => id === input.id) ?? false;
    const step = foldInput(fold, input);
    if (!step.result?.ok) {
      a.problems.push(`command ${input.id} (${input.command.type}) at ${input.t} was rejected on replay: ${step.result ? step.result.message : 'no result'}`);
    } else if (!retried) {
      onCommand(input, step.result.data);
    }
    onEvents(step.events, input.t, { actor: input.actor, command: input.command });
  }

  function onPresence(input: Extract<RoomInput, { type: 'presence' }>): void {
    if (!state) return;
    const p = a.presence;
    if (input.action === 'join') p.joins += 1;
    else p.leaves += 1;
    (input.actor.role === 'host' ? hosts : viewers).add(input.actor.sub);
    p.peakConcurrent = Math.max(p.peakConcurrent, state.present);
    p.events.push({ t: input.t, sub: input.actor.sub, role: input.actor.role, action: input.action, present: state.present });
  }

  return {
    add(entry) {
      if (entry.k === 'create') {
        if (logic) {
          a.problems.push(`a second create record at ${entry.t}`);
          return;
        }
        fold = foldCreate(entry);
        logic = fold.logic;
        state = fold.state;
        Object.assign(a.room, { id: entry.room, story: entry.story.id, title: defaultText(entry.story.title, entry.story), created: entry.t, lastEventAt: entry.t });
      } else {
        apply(entry.input);
      }
    },
    result() {
      return finish(a, logic, state, openRuns, hotspots, scores, viewers.size, hosts.size);
    },
  };
}

/** A snapshot of the fold: runs still open get results computed the room's way; plain copies, so the replay may go on. */
function finish(
  a: RoomAnalytics,
  logic: RoomLogic | undefined,
  state: RoomState | undefined,
  openRuns: ReadonlyMap<string, OpenRun>,
  hotspots: ReadonlyMap<string, HotspotTally>,
  scores: ReadonlyMap<string, { answered: number; correct: number; score: number }>,
  uniqueViewers: number,
  uniqueHosts: number,
): RoomAnalytics {
  const out = structuredCloneLite(a);
  if (!logic || !state) {
    out.problems.push('the log has no create record');
    return out;
  }
  out.room.version = state.version;
  out.room.durationMs = (out.room.closed ?? out.room.lastEventAt) - out.room.created;
  const quizIndex = new Map(a.quizzes.map((q, i) => [q, i]));
  for (const [id, open] of openRuns) {
    const run = own(state.quizzes, id);
    const i = quizIndex.get(open.record);
    const copy = i === undefined ? undefined : out.quizzes[i];
    if (run && copy) copy.results = quizResults(run);
    for (const j of open.answers) {
      const answer = out.answers[j];
      if (answer) answer.score = scores.get(answer.sub)?.score ?? 0;
    }
  }
  out.hotspots = [...hotspots].map(([hotspot, t]) => {
    const found = findHotspot(logic, hotspot);
    return {
      hotspot,
      node: found?.node ?? null,
      kind: found?.hotspot.kind ?? null,
      campaign: found?.hotspot.kind === 'coupon' ? found.hotspot.campaign : null,
      impressions: t.impressions,
      clicks: t.clicks,
      claims: t.claims,
      viewers: t.viewers.size,
    };
  });
  out.scores = [...scores].map(([sub, s]) => ({ sub, ...s }));
  out.presence.uniqueViewers = uniqueViewers;
  out.presence.uniqueHosts = uniqueHosts;
  return out;
}

function emptyAnalytics(): RoomAnalytics {
  return {
    room: { id: '', story: '', title: '', created: 0, closed: null, lastEventAt: 0, durationMs: 0, version: 0, ending: null },
    choices: [], quizzes: [], answers: [], scores: [], hotspots: [], claims: [],
    // Null prototypes: keys are node ids and subjects, and '__proto__' must stay a key.
    comments: { total: 0, perNode: Object.create(null) as Record<string, number>, perViewer: Object.create(null) as Record<string, number>, list: [] },
    presence: { joins: 0, leaves: 0, uniqueViewers: 0, uniqueHosts: 0, peakConcurrent: 0, events: [] },
    moderation: [],
    problems: [],
  };
}

/** Analytics are plain JSON data; a JSON round-trip is a faithful deep copy. */
function structuredCloneLite(a: RoomAnalytics): RoomAnalytics {
  return JSON.parse(JSON.stringify(a)) as RoomAnalytics;
}

function adHocAnswer(command: RoomCommand | undefined, quiz: string): number | undefined {
  return command?.type === 'push-quiz' && command.quiz.id === quiz ? command.quiz.answer : undefined;
}

/** A record's own entry: client-named keys such as '__proto__' must never reach Object.prototype. */
function own<T>(record: Record<string, T>, key: string): T | undefined {
  return Object.hasOwn(record, key) ? record[key] : undefined;
}
