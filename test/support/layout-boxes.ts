/**
 * Geometry for layout tests: boxes as the browser reports them
 * (getBoundingClientRect, CSS px). Pure, so the rules (what counts as an
 * overlap, a tap target too small, a box off screen) are unit-tested apart
 * from any browser.
 */

export interface Box { x: number; y: number; width: number; height: number }
export interface NamedBox { name: string; box: Box }

/**
 * Sub-pixel slack: layout rounds to device pixels (1/3 CSS px at DPR 3), so
 * boxes that merely touch can report a few hundredths of a pixel of overlap.
 */
export const SLACK = 0.5;

/** Area shared by two boxes (0 when they only touch or are apart). */
export function overlapArea(a: Box, b: Box): number {
  const w = Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x);
  const h = Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y);
  return w > SLACK && h > SLACK ? w * h : 0;
}

/** Every pair of distinct boxes that overlap, with the shared area in CSS px². */
export function overlappingPairs(boxes: NamedBox[]): Array<{ a: string; b: string; area: number }> {
  const out: Array<{ a: string; b: string; area: number }> = [];
  for (let i = 0; i < boxes.length; i++) {
    for (let j = i + 1; j < boxes.length; j++) {
      const area = overlapArea(boxes[i]!.box, boxes[j]!.box);
      if (area > 0) out.push({ a: boxes[i]!.name, b: boxes[j]!.name, area: Math.round(area) });
    }
  }
  return out;
}

/** `inner` lies wholly within `outer` (edges may coincide). */
export function contains(outer: Box, inner: Box): boolean {
  return inner.x >= outer.x - SLACK && inner.y >= outer.y - SLACK
    && inner.x + inner.width <= outer.x + outer.width + SLACK
    && inner.y + inner.height <= outer.y + outer.height + SLACK;
}

/** Targets smaller than `min` × `min` CSS px (WCAG 2.5.5 asks for 44). */
export function smallTargets(targets: NamedBox[], min = 44): NamedBox[] {
  return targets.filter((t) => t.box.width < min - SLACK || t.box.height < min - SLACK);
}
