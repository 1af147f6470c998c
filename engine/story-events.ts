import type { StoryView } from './describe.ts';
import type { StoryEvent } from './machine-types.ts';
import type { Story } from './story.ts';

/**
 * Every event that can meaningfully happen next, with representative payloads:
 * each option chosen or voted, and each scoring quiz closing all-right or
 * all-wrong. Drives exhaustive exploration of the compiled machine.
 */
export function possibleEvents(story: Story, view: StoryView): StoryEvent[] {
  if (view.ended) return [];
  const node = story.nodes[view.node];
  if (!node) return [];
  const choice = node.choice;
  // The scheduler fires cues in media order, and a choice window lies inside the
  // media, so a segment only ends before its choice resolves when it loops.
  const segmentCanEnd = !choice || view.phase === 'decided' || (view.phase === 'open' && Boolean(choice.loop));
  const events: StoryEvent[] = segmentCanEnd ? [{ type: 'SEGMENT_END' }] : [];
  if (choice && view.phase === 'playing') events.push({ type: 'CHOICE_OPEN' });
  if (choice && view.phase === 'open') {
    // A vote resolves at close with its winner; other modes by a pick, or by the
    // close itself (default or keep waiting). Other combinations reach the same states.
    const options = view.choice?.options ?? [];
    if (choice.mode === 'vote') for (const o of options) events.push({ type: 'CHOICE_CLOSE', winner: o });
    else events.push({ type: 'CHOICE_CLOSE' }, ...options.map((o): StoryEvent => ({ type: 'CHOOSE', option: o })));
  }
  // Only quizzes that award points can change the flow.
  for (const quiz of node.quizzes ?? []) {
    if (quiz.award === undefined) continue;
    if (view.openQuizzes.includes(quiz.id)) {
      events.push({ type: 'QUIZ_CLOSE', quiz: quiz.id, correctRatio: 0 }, { type: 'QUIZ_CLOSE', quiz: quiz.id, correctRatio: 1 });
    } else if (!view.doneQuizzes.includes(quiz.id)) {
      events.push({ type: 'QUIZ_OPEN', quiz: quiz.id });
    }
  }
  return events;
}
