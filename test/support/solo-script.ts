/**
 * Input scripts that walk real paths of a story (issue 15, "one engine, two
 * places"): for each ending analysePaths finds, the host commands that take a
 * room there: play, pause, seeks that fast-forward onto cue points, quiz
 * answers, hotspot impressions and clicks, coupon claims, votes and choices,
 * a comment and ad-hoc quizzes. The script is planned on the engine's own room
 * core under a virtual clock; a server room and a solo session then both run
 * it, and the test compares their state hashes.
 */
import { nodeCues } from '../../engine/cues.ts';
import { analysePaths, type EndingPath } from '../../engine/paths.ts';
import type { Story, StoryNode } from '../../engine/story.ts';
import { prng } from '../../stories/generate-stress.ts';
import { PlanRoom } from './solo-plan-room.ts';
import type { PathScript } from './solo-script-types.ts';

export type { PathScript, ScriptStep } from './solo-script-types.ts';

/** Media lead-in of a real-time step: the room plays this long (ms of real time) before the cue fires by itself. */
const LEAD_IN = 0.3;
/** After a real-time cue, the next one must be this far ahead (s), so the observation cannot race it. */
const QUIET_AFTER = 1.5;

/**
 * Scripts for the story's endings: all of them, or `sample` of them spread
 * over the list (a stress story has many, each a long walk).
 */
export function pathScripts(story: Story, options: { sample?: number; seed?: number; realtime?: number } = {}): PathScript[] {
  const endings = analysePaths(story).endings;
  const count = Math.min(options.sample ?? endings.length, endings.length);
  const picked = Array.from({ length: count }, (_, i) => endings[Math.floor((i * endings.length) / count)]!);
  return picked.map((path, i) => planPath(story, path, prng((options.seed ?? 15) + i), options.realtime ?? 0.3));
}

function planPath(story: Story, path: EndingPath, random: () => number, realtime: number): PathScript {
  const room = new PlanRoom(story);
  // Quiz outcomes along the path, in order: a correct answer gives ratio 1 (the award), a wrong one 0.
  const outcomes = path.events.flatMap((e) => (e.type === 'QUIZ_CLOSE' ? [{ quiz: e.quiz, right: e.correctRatio > 0 }] : []));
  const visited: string[] = [];
  // Teacher mode and the comment stream, once per path, before anything plays.
  room.send({ type: 'comment', text: `walking to ${path.ending}`, at: 0 });
  room.send({ type: 'push-quiz', quiz: { id: 'pop', prompt: 'Ready?', options: ['yes', 'no'], answer: 0, points: 2 } });
  room.send({ type: 'answer', quiz: 'pop', option: 0 });
  room.send({ type: 'close-quiz', quiz: 'pop' });
  // A timed ad-hoc quiz closes itself on the server's timer: a real-time tick while paused.
  room.send({ type: 'push-quiz', quiz: { id: 'timed', prompt: 'Quick!', options: ['a', 'b', 'c'], seconds: 0.25 } }, { untilWake: true });
  for (let hop = 0; hop <= path.nodes.length; hop++) {
    const { node: id, ended } = room.view();
    visited.push(id);
    playNode(room, story, id, path.steps[hop]?.option, outcomes, random, realtime);
    if (ended) break; // the ending's media has played to its last frame
  }
  if (visited.join('>') !== path.nodes.join('>')) throw new Error(`plan for ${path.ending} walked ${visited.join('>')}, the path is ${path.nodes.join('>')}`);
  return { story: story.id, ending: path.ending, nodes: visited, steps: room.steps };
}

type Outcomes = Array<{ quiz: string; right: boolean }>;

/** One visit of a node: its quizzes, hotspots and choice in media order, then on to its end. */
function playNode(room: PlanRoom, story: Story, id: string, option: string | undefined, outcomes: Outcomes, random: () => number, realtime: number): void {
  const node = story.nodes[id]!;
  const actions: Array<{ at: number; run: () => void }> = [];
  for (const quiz of node.quizzes ?? []) {
    actions.push({ at: quiz.opens, run: () => answerQuiz(room, quiz.id, quiz.options.length, quiz.answer, outcomes, random) });
  }
  for (const h of node.hotspots ?? []) {
    actions.push({ at: h.from + 0.5, run: () => tapHotspot(room, node, h.id, option, random) });
  }
  if (node.choice) actions.push({ at: node.choice.opens, run: () => decide(room, node, option, random) });
  actions.sort((a, b) => a.at - b.at);
  for (const action of actions) {
    reach(room, story, node, action.at, random() < realtime);
    action.run();
  }
  // A waiting loop would replay the node: anything undecided now is decided by its close or default.
  reach(room, story, node, node.media.duration, random() < realtime);
}

/** Gets the room to media time `at` of this node: a seek, or a short real-time play onto the cue there. */
function reach(room: PlanRoom, story: Story, node: StoryNode, at: number, realtime: boolean): void {
  const position = room.position();
  if (at <= position + 1e-9) return;
  if (realtime && room.canPlayOnto(at, LEAD_IN, QUIET_AFTER, firstCueOfTargets(story, node))) {
    if (at - LEAD_IN > position) room.send({ type: 'seek', position: at - LEAD_IN });
    room.send({ type: 'play' }, { untilWake: true });
    if (room.playing()) room.send({ type: 'pause' });
    return;
  }
  room.send({ type: 'seek', position: at });
}

/** The earliest cue (s) of any node this one can lead to, which plays right after a real-time switch. */
function firstCueOfTargets(story: Story, node: StoryNode): number {
  const next = node.choice?.options.map((o) => o.to) ?? (typeof node.next === 'string' ? [node.next] : (node.next ?? []).map((r) => r.to));
  const cues = next.flatMap((to) => (story.nodes[to] ? nodeCues(story.nodes[to]) : []).map((c) => c.at));
  return Math.min(Number.POSITIVE_INFINITY, ...cues);
}

function answerQuiz(room: PlanRoom, quiz: string, options: number, answer: number | undefined, outcomes: Outcomes, random: () => number): void {
  const at = outcomes.findIndex((o) => o.quiz === quiz);
  const planned = at >= 0 ? outcomes.splice(at, 1)[0] : undefined;
  const right = planned ? planned.right : random() < 0.5;
  if (!room.quizOpen(quiz)) return;
  const wrong = ((answer ?? 0) + 1) % options;
  // A quiz the path closes wrong may also simply go unanswered.
  if (planned?.right === false && random() < 0.3) return;
  room.send({ type: 'answer', quiz, option: right ? (answer ?? 0) : wrong });
  if (random() < 0.3) room.send({ type: 'close-quiz', quiz });
}

function tapHotspot(room: PlanRoom, node: StoryNode, id: string, option: string | undefined, random: () => number): void {
  const hotspot = node.hotspots!.find((h) => h.id === id)!;
  room.send({ type: 'hotspot', hotspot: id, action: 'impression' });
  if (hotspot.kind === 'choice') {
    // Tapping a choice hotspot chooses for the host: only when it is the path's option and still open.
    const view = room.view();
    if (view.phase === 'open' && view.choice?.decided === null && hotspot.option === option && view.choice.options.includes(option)) room.send({ type: 'hotspot', hotspot: id, action: 'click' });
    return;
  }
  // A seek hotspot's click seeks the room back; later actions seek forward again (cues do not refire).
  if (hotspot.kind === 'seek' && random() < 0.5) return;
  room.send({ type: 'hotspot', hotspot: id, action: 'click' });
  if (hotspot.kind === 'coupon') room.send({ type: 'claim', hotspot: id });
}

/** Decides the choice for the path's option: a host pick, or (vote mode) a vote its close counts. */
function decide(room: PlanRoom, node: StoryNode, option: string | undefined, random: () => number): void {
  const choice = node.choice!;
  const view = room.view();
  if (view.phase !== 'open' || option === undefined) return;
  if (choice.mode === 'vote' && random() < 0.5) return room.send({ type: 'vote', option });
  // A timer plays its default by itself; a looping host choice must be picked, or it waits forever.
  if (choice.mode === 'timer' && option === choice.default && random() < 0.5) return;
  room.send({ type: 'choose', option });
}
