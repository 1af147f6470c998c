/**
 * Where each edge runs: SVG path data and its label's anchor, from the card
 * boxes of a layout. Edges to the next column are S-curves from the card's
 * right side to the target's left side; edges back (cycles) or within a
 * column arc below both cards, so they read as "goes back" at a glance.
 */
import { CARD_H, type Box, type Point } from './map-geometry.ts';
import type { MapEdge } from './story-map-graph.ts';
import type { MapLayout } from './story-map-layout.ts';

export type EdgeShape = 'forward' | 'back' | 'self' | 'missing';

export interface EdgeGeometry {
  edge: MapEdge;
  shape: EdgeShape;
  d: string;
  label: Point;
}

export function edgeGeometry(edges: readonly MapEdge[], layout: MapLayout): EdgeGeometry[] {
  const bySource = new Map<string, MapEdge[]>();
  for (const e of edges) (bySource.get(e.from) ?? bySource.set(e.from, []).get(e.from)!).push(e);
  const out: EdgeGeometry[] = [];
  for (const [from, list] of bySource) {
    const source = layout.cards.get(from);
    if (!source) continue;
    const targetOf = (e: MapEdge): Box | undefined => (e.missing ? layout.missing.get(e.key) : layout.cards.get(e.to));
    // Exits leave the right side spread out, in the order of their targets, so they do not cross at the card.
    const sorted = [...list].sort((a, b) => centreY(targetOf(a)) - centreY(targetOf(b)));
    const step = sorted.length > 1 ? Math.min(14, (CARD_H - 28) / (sorted.length - 1)) : 0;
    const parallel = new Map<string, number>();
    sorted.forEach((e, i) => {
      const target = targetOf(e);
      if (!target) return;
      const sy = source.y + source.h / 2 + (i - (sorted.length - 1) / 2) * step;
      // Two options to the same card would put their labels on top of each other: stack them.
      const nth = parallel.get(e.to) ?? 0;
      parallel.set(e.to, nth + 1);
      out.push(route(e, source, target, sy, nth, layout));
    });
  }
  return out;
}

function route(e: MapEdge, s: Box, t: Box, sy: number, nth: number, layout: MapLayout): EdgeGeometry {
  const sx = s.x + s.w;
  if (e.from === e.to) {
    const x = s.x + s.w - 36;
    const d = `M${sx} ${sy}C${sx + 50} ${sy} ${x + 20} ${s.y - 50} ${x} ${s.y}`;
    return { edge: e, shape: 'self', d, label: { x: sx + 12, y: s.y - 30 - nth * 16 } };
  }
  const tx = t.x;
  const ty = t.y + t.h / 2;
  const back = !e.missing && (layout.ranks.get(e.to) ?? 0) <= (layout.ranks.get(e.from) ?? 0);
  if (back) {
    // Out of the source's right, under both cards, into the target's left: an arc that clearly runs backwards.
    const drop = Math.max(s.y + s.h, t.y + t.h) + 36 + Math.min(120, Math.abs(sx - tx) / 12);
    const p1 = { x: sx + 60, y: drop };
    const p2 = { x: tx - 60, y: drop };
    const label = cubicPoint({ x: sx, y: sy }, p1, p2, { x: tx, y: ty }, 0.5);
    return { edge: e, shape: 'back', d: `M${sx} ${sy}C${p1.x} ${p1.y} ${p2.x} ${p2.y} ${tx} ${ty}`, label: { x: label.x, y: label.y + nth * 16 } };
  }
  const c = Math.max(40, (tx - sx) / 2);
  const d = `M${sx} ${sy}C${sx + c} ${sy} ${tx - c} ${ty} ${tx} ${ty}`;
  return { edge: e, shape: e.missing ? 'missing' : 'forward', d, label: { x: (sx + tx) / 2, y: (sy + ty) / 2 - 6 + nth * 16 } };
}

function centreY(b: Box | undefined): number {
  return b ? b.y + b.h / 2 : 0;
}

function cubicPoint(p0: Point, p1: Point, p2: Point, p3: Point, t: number): Point {
  const u = 1 - t;
  const f = (a: number, b: number, c: number, d: number) => u * u * u * a + 3 * u * u * t * b + 3 * u * t * t * c + t * t * t * d;
  return { x: f(p0.x, p1.x, p2.x, p3.x), y: f(p0.y, p1.y, p2.y, p3.y) };
}
