/**
 * A story's graph as a small picture for the home page: one dot per node,
 * one line per exit (choice option or route), the start in green and endings
 * in gold. Columns are the studio map's ranks (distance from the start,
 * story-map-ranks.ts), rows the order within a column. The studio's dagre
 * layout is not used: dagre would add its whole library to the viewer's
 * bundle for a picture 200 px wide.
 */
import { svg, type SVGTemplateResult } from 'lit';
import type { Story } from '../../engine/story.ts';
import { storyGraph } from '../studio/map/story-map-graph.ts';
import { storyRanks } from '../studio/map/story-map-ranks.ts';

export interface ThumbDot { id: string; x: number; y: number; kind: 'start' | 'ending' | 'scene' }
export interface ThumbLine { x1: number; y1: number; x2: number; y2: number; back: boolean }
export interface ThumbLayout { width: number; height: number; dots: ThumbDot[]; lines: ThumbLine[] }

const COLUMN = 70;
const ROW = 28;
const PAD = 12;
/** The smallest picture drawn: a two-node story keeps small dots instead of being blown up to fill the card. */
const MIN_W = 200;
const MIN_H = 90;

export function thumbnailLayout(story: Story): ThumbLayout {
  const graph = storyGraph(story);
  const ranks = storyRanks(graph);
  const rowsUsed = new Map<number, number>();
  const at = new Map<string, { x: number; y: number }>();
  const dots: ThumbDot[] = graph.nodes.map((n) => {
    const rank = ranks.get(n.id) ?? 0;
    const row = rowsUsed.get(rank) ?? 0;
    rowsUsed.set(rank, row + 1);
    const point = { x: PAD + rank * COLUMN, y: PAD + row * ROW };
    at.set(n.id, point);
    return { id: n.id, ...point, kind: n.start ? 'start' : n.ending !== null ? 'ending' : 'scene' };
  });
  // Centre each column on the tallest one, so a story reads as a tree rather than hanging from the top.
  const tallest = Math.max(1, ...rowsUsed.values());
  for (const dot of dots) {
    const used = rowsUsed.get(ranks.get(dot.id) ?? 0) ?? 1;
    dot.y += ((tallest - used) * ROW) / 2;
    at.set(dot.id, { x: dot.x, y: dot.y });
  }
  const lines: ThumbLine[] = [];
  for (const e of graph.edges) {
    const a = at.get(e.from);
    const b = at.get(e.to);
    if (!a || !b || e.from === e.to) continue;
    lines.push({ x1: a.x, y1: a.y, x2: b.x, y2: b.y, back: b.x <= a.x });
  }
  const columns = Math.max(1, ...[...ranks.values()].map((r) => r + 1));
  return { width: PAD * 2 + (columns - 1) * COLUMN, height: PAD * 2 + (tallest - 1) * ROW, dots, lines };
}

/** The picture; decorative in its card (the card's text says the same), so hidden from screen readers. */
export function graphThumbnail(story: Story): SVGTemplateResult {
  const t = thumbnailLayout(story);
  const w = Math.max(t.width, MIN_W);
  // Room below for the curves of back edges (loops to an earlier scene).
  const h = Math.max(t.height + 18, MIN_H);
  return svg`<svg class="graph-thumb" viewBox=${`${(t.width - w) / 2} ${(t.height - h) / 2 + 9} ${w} ${h}`} preserveAspectRatio="xMidYMid meet" aria-hidden="true" data-nodes=${t.dots.length} data-edges=${t.lines.length}>
    ${t.lines.map((l) => l.back
      ? svg`<path class="edge back" d=${`M${l.x1} ${l.y1} Q${(l.x1 + l.x2) / 2} ${Math.max(l.y1, l.y2) + 18} ${l.x2} ${l.y2}`}></path>`
      : svg`<line class="edge" x1=${l.x1} y1=${l.y1} x2=${l.x2} y2=${l.y2}></line>`)}
    ${t.dots.map((d) => svg`<circle class=${`dot ${d.kind}`} cx=${d.x} cy=${d.y} r="6"><title>${d.id}</title></circle>`)}
  </svg>`;
}
