import type { StoryNode } from './story.ts';

/** A point on a node's media timeline where the room machine must be told something. */
export type Cue =
  | { at: number; kind: 'choice-open' }
  | { at: number; kind: 'choice-close' }
  | { at: number; kind: 'quiz-open'; quiz: string }
  | { at: number; kind: 'quiz-close'; quiz: string }
  | { at: number; kind: 'segment-end' };

/** Cues of one node in firing order: by time, then opens before closes before segment end. */
export function nodeCues(node: StoryNode): Cue[] {
  const cues: Cue[] = [];
  if (node.choice) {
    cues.push({ at: node.choice.opens, kind: 'choice-open' }, { at: node.choice.closes, kind: 'choice-close' });
  }
  for (const quiz of node.quizzes ?? []) {
    cues.push({ at: quiz.opens, kind: 'quiz-open', quiz: quiz.id }, { at: quiz.closes, kind: 'quiz-close', quiz: quiz.id });
  }
  cues.push({ at: node.media.duration, kind: 'segment-end' });
  return cues.sort((a, b) => a.at - b.at || CUE_ORDER[a.kind] - CUE_ORDER[b.kind]);
}

const CUE_ORDER: Record<Cue['kind'], number> = {
  'quiz-close': 0,
  'choice-close': 1,
  'quiz-open': 2,
  'choice-open': 3,
  'segment-end': 4,
};

/**
 * Media times where a keyframe must sit so that a seek or branch switch to it
 * needs no decode from an earlier frame: every cue, hotspot edge and loop point.
 */
export function nodeKeyframeTimes(node: StoryNode): number[] {
  const times = new Set<number>([0]);
  for (const cue of nodeCues(node)) times.add(cue.at);
  for (const hotspot of node.hotspots ?? []) times.add(hotspot.from).add(hotspot.to);
  const loop = node.choice?.loop;
  if (loop) times.add(typeof loop === 'object' ? loop.from : node.choice!.opens);
  if (node.choice?.switchAt !== undefined) times.add(node.choice.switchAt);
  return [...times].filter((t) => t >= 0 && t <= node.media.duration).sort((a, b) => a - b);
}
