/** The viewer's path as the player shows it: the choices made, and which of them the story lets them revisit. */
import { canRevisit } from '../../engine/revisit.ts';
import type { Story } from '../../engine/story.ts';
import { textIn } from '../../engine/text.ts';
import type { ChoicePoint, SoloSession } from './solo-session.ts';

export interface RevisitPoint extends ChoicePoint {
  /** The choice's prompt or the node's title, for the path strip. */
  label: string;
  /** The option taken, in the viewer's language. */
  picked: string;
}

/** Every choice on the path the story allows going back to (`revisit`), oldest first. */
export function revisitPoints(session: SoloSession, lang?: string): RevisitPoint[] {
  const story = session.logic.story;
  return session.choices()
    .filter((p) => canRevisit(story, p.node))
    .map((p) => {
      const node = story.nodes[p.node];
      return {
        ...p,
        label: pointLabel(story, p.node, lang),
        picked: textIn(node?.choice?.options.find((o) => o.id === p.option)?.label ?? p.option, lang, story),
      };
    });
}

/** A choice point's name in the path strip: the prompt, else the node's title, else its id. */
function pointLabel(story: Story, nodeId: string, lang: string | undefined): string {
  const node = story.nodes[nodeId];
  const text = node?.choice?.prompt ?? node?.title;
  return text === undefined ? nodeId : textIn(text, lang, story);
}
