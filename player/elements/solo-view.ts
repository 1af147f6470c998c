/** What <branchcast-player> draws for a solo run, derived from its SoloController (kept out of the element file, which is long enough). */
import type { RoomCommand } from '../../engine/room/room-types.ts';
import type { Story } from '../../engine/story.ts';
import { textIn } from '../../engine/text.ts';
import type { SoloPanelProps } from '../overlays/solo-panel.ts';
import type { Toast } from '../overlays/notice-layers.ts';
import type { ChoiceView } from '../sync/room-model.ts';
import type { SoloController } from '../solo/solo-controller.ts';

export interface SoloViewActions {
  send: (cmd: RoomCommand) => void;
  /** The element forgets the picks it showed (they belong to the rewound path). */
  forgetPicks: () => void;
  requestUpdate: () => void;
  share: () => void;
}

/** `position`: media seconds into the current node now; `lang`: the viewer's story language. */
export function soloPanelProps(solo: SoloController, position: number, act: SoloViewActions, lang?: string): SoloPanelProps {
  const m = solo.model;
  const node = m ? solo.story?.nodes[m.node] : undefined;
  // The room marks a run ended on entering its ending node; the card waits until that node has played.
  const ending = m?.ended && node && position >= node.media.duration - 0.1 ? (node.ending ? textIn(node.ending.title, lang, solo.story ?? {}) : m.ended) : null;
  return {
    playing: !!m?.timeline.playing, ending, points: solo.revisitable(lang), notice: solo.notice, error: solo.error,
    fresh: (solo.session?.inputs().length ?? 0) === 0, position, duration: node?.media.duration ?? 0,
    onPlay: () => act.send({ type: 'play' }),
    onPause: () => act.send({ type: 'pause' }),
    onSeek: (seconds) => act.send({ type: 'seek', position: seconds }),
    onBack: (p) => { act.forgetPicks(); solo.goBack(p); },
    onAgain: () => { act.forgetPicks(); solo.playAgain(); },
    onDismissNotice: () => { solo.notice = null; act.requestUpdate(); },
    onShare: solo.ephemeral ? undefined : act.share,
  };
}

/**
 * Solo prefetch order: the option the viewer leans towards (hover, focus)
 * first, then by the story's `weight` (default 1), then in the story's order.
 */
export function likelyOptions(choice: ChoiceView, leaning: string | null, story: Story | null): string[] {
  const weights = new Map((story?.nodes[choice.node]?.choice?.options ?? []).map((o) => [o.id, o.weight ?? 1]));
  const ids = choice.options.map((o) => o.id).sort((a, b) => (weights.get(b) ?? 1) - (weights.get(a) ?? 1));
  const lean = leaning !== null && ids.includes(leaning) ? leaning : null;
  return lean ? [lean, ...ids.filter((id) => id !== lean)] : ids;
}

/** The "continue on another device" dialog: the link, or why there is none. */
export async function shareToast(solo: SoloController): Promise<Toast> {
  try {
    return { kind: 'link', text: 'Open this link on your other device to carry on from here:', url: await solo.shareLink() };
  } catch (e) {
    return { kind: 'message', text: `Cannot make a link now: ${(e as Error).message}` };
  }
}
