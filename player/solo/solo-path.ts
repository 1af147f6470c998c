/** The viewer's path as the player shows it: the choices made, and which of them the story lets them revisit. */
import { canRevisit } from '../../engine/revisit.ts';
import type { ChoicePoint, SoloSession } from './solo-session.ts';

export interface RevisitPoint extends ChoicePoint {
  /** The choice's prompt or the node's title, for the path strip. */
  label: string;
  /** The option taken, as the viewer saw it. */
  picked: string;
}

/** Every choice on the path the story allows going back to (`revisit`), oldest first. */
export function revisitPoints(session: SoloSession): RevisitPoint[] {
  const story = session.logic.story;
  return session.choices()
    .filter((p) => canRevisit(story, p.node))
    .map((p) => {
      const node = story.nodes[p.node];
      return {
        ...p,
        label: node?.choice?.prompt ?? node?.title ?? p.node,
        picked: node?.choice?.options.find((o) => o.id === p.option)?.label ?? p.option,
      };
    });
}
