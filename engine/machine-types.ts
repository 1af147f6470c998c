import type { Condition, Effect, Scalar } from './story.ts';

/** The compiled machine's context: everything the story's flow depends on. */
export interface StoryContext {
  vars: Record<string, Scalar>;
  /** The decided option of the current node's choice, waiting for the switch. */
  pending: string | null;
  /** Quizzes of the current node whose window is open. */
  openQuizzes: string[];
  /** Quizzes of the current node already closed on this visit; they award once per visit. */
  doneQuizzes: string[];
  /** How many times the current node has looped while waiting. */
  loops: number;
}

/**
 * Everything that moves a story. Cues come from the server's scheduler
 * (computed from the room timeline); decisions from votes, the host or timers.
 */
export type StoryEvent =
  | { type: 'CHOICE_OPEN' }
  /** `winner` is the vote result; absent or not choosable, the default is taken. */
  | { type: 'CHOICE_CLOSE'; winner?: string }
  | { type: 'CHOOSE'; option: string }
  | { type: 'SEGMENT_END' }
  | { type: 'QUIZ_OPEN'; quiz: string }
  /** `correctRatio` in [0, 1]: the share of correct answers in the room. */
  | { type: 'QUIZ_CLOSE'; quiz: string; correctRatio: number };

export type StoryEventType = StoryEvent['type'];

/** Parameters of the machine's named guards and actions; they are plain data so the config prints as JSON. */
export interface OptionParams {
  option: string;
  if?: Condition;
}
export interface EffectsParams {
  effects: Effect[];
}
export interface QuizAwardParams {
  awards: Record<string, { points: number; award?: string }>;
}

/** Where a node is in its own lifecycle. */
export type NodePhase = 'playing' | 'open' | 'decided';
