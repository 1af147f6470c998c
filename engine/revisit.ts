import type { Story } from './story.ts';

/**
 * Whether a solo viewer may go back to the choice of `nodeId` and pick again.
 * Only a node with a choice can be revisited; the story's `revisit: false`
 * turns it off everywhere, a choice's own `revisit: false` turns it off there,
 * and both default to true.
 *
 * @example
 *   const points = session.choices().filter((p) => canRevisit(story, p.node));
 */
export function canRevisit(story: Story, nodeId: string): boolean {
  if (story.revisit === false) return false;
  const node = Object.hasOwn(story.nodes, nodeId) ? story.nodes[nodeId] : undefined;
  const choice = node?.choice;
  return choice !== undefined && choice.revisit !== false;
}
