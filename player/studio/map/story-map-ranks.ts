/**
 * Columns for the map: a node's rank is its distance (in exits) from the
 * start, so the map reads left to right as the story unfolds. Computing ranks
 * here, instead of dagre's network simplex over every edge, is what keeps the
 * 241-node stress story at ~130 ms: only edges from one column to the next are
 * handed to dagre; back edges (cycles) and same-column edges are drawn by the
 * map as loops and never become chains of dummy nodes.
 */
import type { MapGraph } from './story-map-graph.ts';

export function storyRanks(graph: MapGraph): Map<string, number> {
  const out = new Map<string, string[]>();
  const hasIncoming = new Set<string>();
  for (const e of graph.edges) {
    if (e.missing || e.from === e.to) continue;
    (out.get(e.from) ?? out.set(e.from, []).get(e.from)!).push(e.to);
    hasIncoming.add(e.to);
  }
  const rank = new Map<string, number>();
  const bfs = (seed: string) => {
    rank.set(seed, 0);
    const queue = [seed];
    for (let i = 0; i < queue.length; i++) {
      const id = queue[i]!;
      for (const to of out.get(id) ?? []) {
        if (rank.has(to)) continue;
        rank.set(to, rank.get(id)! + 1);
        queue.push(to);
      }
    }
  };
  const start = graph.nodes.find((n) => n.start);
  if (start) bfs(start.id);
  // What the start does not reach (a draft's new or orphaned nodes): roots first, in story order.
  for (const n of graph.nodes) if (!rank.has(n.id) && !hasIncoming.has(n.id)) bfs(n.id);
  for (const n of graph.nodes) if (!rank.has(n.id)) bfs(n.id);
  return rank;
}
