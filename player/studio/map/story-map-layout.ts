/**
 * Positions for the map's cards and missing-target markers, by dagre
 * (left to right, ranks from story-map-ranks.ts). Deterministic: the same
 * structure in the same order gives the same positions, and LayoutCache
 * returns them without laying out again, so a label edit never moves a card.
 */
import dagre from '@dagrejs/dagre';
import { CARD_H, CARD_W, MARGIN, MISSING_H, MISSING_W, NODE_GAP, RANK_GAP, type Box } from './map-geometry.ts';
import type { MapGraph } from './story-map-graph.ts';
import { storyRanks } from './story-map-ranks.ts';

export interface MapLayout {
  structure: string;
  /** Top-left boxes of the cards, by node id. */
  cards: Map<string, Box>;
  /** Boxes of the "missing" markers, by edge key. */
  missing: Map<string, Box>;
  ranks: Map<string, number>;
  width: number;
  height: number;
}

/** The marker's dagre id: a NUL cannot occur in a node id, so it never collides with one. */
const markerId = (edgeKey: string) => `\u0000missing\u0000${edgeKey}`;

export function layoutGraph(graph: MapGraph): MapLayout {
  const ranks = storyRanks(graph);
  const g = new dagre.graphlib.Graph();
  // ranker 'none' keeps our ranks; dagre doubles ranks to make room for edge labels,
  // hence the ×2 (labels are placed by the map, not by dagre).
  g.setGraph({ rankdir: 'LR', ranker: 'none' as 'network-simplex', nodesep: NODE_GAP, ranksep: RANK_GAP, marginx: MARGIN, marginy: MARGIN });
  g.setDefaultEdgeLabel(() => ({}));
  for (const n of graph.nodes) g.setNode(n.id, { width: CARD_W, height: CARD_H, rank: 2 * (ranks.get(n.id) ?? 0) });
  for (const e of graph.edges) {
    const from = ranks.get(e.from) ?? 0;
    if (e.missing) {
      g.setNode(markerId(e.key), { width: MISSING_W, height: MISSING_H, rank: 2 * (from + 1) });
      g.setEdge(e.from, markerId(e.key), { weight: 1 });
    } else if (ranks.get(e.to) === from + 1) {
      // Several options to one node pull the two cards into line a little harder.
      const existing = g.edge(e.from, e.to) as { weight?: number } | undefined;
      g.setEdge(e.from, e.to, { weight: (existing?.weight ?? 0) + 1 });
    }
  }
  dagre.layout(g);
  const box = (id: string): Box => {
    const n = g.node(id) as { x: number; y: number; width: number; height: number };
    return { x: n.x - n.width / 2, y: n.y - n.height / 2, w: n.width, h: n.height };
  };
  const cards = new Map(graph.nodes.map((n) => [n.id, box(n.id)]));
  const missing = new Map(graph.edges.filter((e) => e.missing).map((e) => [e.key, box(markerId(e.key))]));
  const size = g.graph() as { width?: number; height?: number };
  return { structure: graph.structure, cards, missing, ranks, width: size.width ?? 0, height: size.height ?? 0 };
}

/** Layouts by structure, a few kept so undoing an edit brings back the exact map it had. */
export class LayoutCache {
  readonly #entries = new Map<string, MapLayout>();
  constructor(private readonly limit = 8) {}

  get(graph: MapGraph): MapLayout {
    const hit = this.#entries.get(graph.structure);
    if (hit) {
      // Refresh its place: the Map's order is the eviction order.
      this.#entries.delete(graph.structure);
      this.#entries.set(graph.structure, hit);
      return hit;
    }
    const layout = layoutGraph(graph);
    this.#entries.set(graph.structure, layout);
    if (this.#entries.size > this.limit) this.#entries.delete(this.#entries.keys().next().value as string);
    return layout;
  }
}

