import type { SnapshotFrom } from 'xstate';
import type { StoryMachine } from './compile.ts';
import { evaluateCondition } from './condition.ts';
import type { NodePhase } from './machine-types.ts';
import type { ChoiceMode, Scalar, Story } from './story.ts';

export type StorySnapshot = SnapshotFrom<StoryMachine>;

/** What a room, a player or a test needs to know about a story snapshot, in plain data. */
export interface StoryView {
  node: string;
  phase: NodePhase | 'ended';
  ended: boolean;
  vars: Record<string, Scalar>;
  /** The current node's choice while it is open or decided. */
  choice?: {
    mode: ChoiceMode;
    /** Options whose condition holds now, in story order. */
    options: string[];
    default: string;
    /** The decided option, once the choice has resolved. */
    decided: string | null;
  };
  openQuizzes: string[];
  doneQuizzes: string[];
  loops: number;
}

/** Reads a compiled story's snapshot into a `StoryView`. */
export function describeSnapshot(story: Story, snapshot: StorySnapshot): StoryView {
  const value = snapshot.value as string | Record<string, string>;
  const [node, sub] = typeof value === 'string' ? [value, undefined] : (Object.entries(value)[0] ?? ['', undefined]);
  const ended = snapshot.status === 'done';
  const phase: StoryView['phase'] = ended ? 'ended' : ((sub as NodePhase | undefined) ?? 'playing');
  const { vars, pending, openQuizzes, doneQuizzes, loops } = snapshot.context;
  const view: StoryView = { node, phase, ended, vars, openQuizzes, doneQuizzes, loops };
  const choice = story.nodes[node]?.choice;
  if (choice && (phase === 'open' || phase === 'decided')) {
    view.choice = {
      mode: choice.mode,
      options: choice.options.filter((o) => o.if === undefined || evaluateCondition(o.if, vars)).map((o) => o.id),
      default: choice.default,
      decided: pending,
    };
  }
  return view;
}
