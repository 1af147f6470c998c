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

/**
 * A room's comments by node, in arrival order; rebuilt from the log on
 * recovery. A comment a host removed (`comment-removed`) leaves the index, so
 * no later COMMENTS frame (a joiner's, a seek's) carries it again.
 */
export class CommentIndex {
  private readonly byNode = new Map<string, CommentView[]>();
  /** Node of each indexed comment, to find a removed one without a scan of every node. */
  private readonly nodeOf = new Map<string, string>();

  /** Indexes the comment events among `events`, and drops removed comments (others are skipped). */
  add(events: readonly RoomEvent[]): void {
    for (const e of events) {
      if (e.type === 'comment-removed') this.remove(e.id);
      if (e.type !== 'comment') continue;
      const list = this.byNode.get(e.node) ?? [];
      list.push({ id: e.id, sub: e.sub, at: e.at, text: e.text, t: e.t });
      this.byNode.set(e.node, list);
      this.nodeOf.set(e.id, e.node);
    }
  }

  private remove(id: string): void {
    const node = this.nodeOf.get(id);
    if (node === undefined) return;
    this.nodeOf.delete(id);
    const list = this.byNode.get(node);
    if (list) this.byNode.set(node, list.filter((c) => c.id !== id));
  }

  /** Comments of `node` with media time in [from, to], oldest first (at most 500). */
  between(node: string, from: number, to: number): CommentView[] {
    return (this.byNode.get(node) ?? []).filter((c) => c.at >= from && c.at <= to).slice(-MAX_COMMENTS_PER_WINDOW);
  }
}
