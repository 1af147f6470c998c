import type { RoomEvent } from '../../engine/index.ts';

/** A stored comment, as clients see it. */
export interface CommentView {
  id: string;
  sub: string;
  at: number;
  text: string;
  t: number;
}

/** Comments sent around a position: this many media seconds either side. */
export const COMMENT_WINDOW_SECONDS = 30;
const MAX_COMMENTS_PER_WINDOW = 500;

/** A room's comments by node, in arrival order; rebuilt from the log on recovery. */
export class CommentIndex {
  private readonly byNode = new Map<string, CommentView[]>();

  /** Indexes the comment events among `events` (others are skipped). */
  add(events: readonly RoomEvent[]): void {
    for (const e of events) {
      if (e.type !== 'comment') continue;
      const list = this.byNode.get(e.node) ?? [];
      list.push({ id: e.id, sub: e.sub, at: e.at, text: e.text, t: e.t });
      this.byNode.set(e.node, list);
    }
  }

  /** Comments of `node` with media time in [from, to], oldest first (at most 500). */
  between(node: string, from: number, to: number): CommentView[] {
    return (this.byNode.get(node) ?? []).filter((c) => c.at >= from && c.at <= to).slice(-MAX_COMMENTS_PER_WINDOW);
  }
}
