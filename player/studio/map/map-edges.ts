/** Edges and their labels as SVG, and the dangling "missing" markers edges to unknown nodes end on. */
import { nothing, svg, type SVGTemplateResult } from 'lit';
import type { EdgeGeometry } from './edge-geometry.ts';
import type { Box } from './map-geometry.ts';
import type { MapEdge } from './story-map-graph.ts';
import { cut } from './map-cards.ts';

export function edgePath(g: EdgeGeometry): SVGTemplateResult {
  const e = g.edge;
  return svg`<path class="edge ${g.shape} ${e.conditional ? 'conditional' : ''}" data-edge=${e.key} data-from=${e.from} data-to=${e.to}
    d=${g.d} marker-end=${e.missing ? 'url(#arrow-missing)' : 'url(#arrow)'}></path>`;
}

export function edgeLabel(g: EdgeGeometry): SVGTemplateResult | typeof nothing {
  const e = g.edge;
  if (e.label === '') return nothing;
  return svg`<text class="edge-label ${e.kind}" data-edge=${e.key} x=${g.label.x} y=${g.label.y}><tspan>${cut(e.label, 26)}</tspan><title>${e.label}</title></text>`;
}

export function missingMarker(e: MapEdge, b: Box): SVGTemplateResult {
  return svg`<g class="missing-marker" data-missing=${e.key} transform="translate(${b.x} ${b.y})">
    <rect width=${b.w} height=${b.h} rx="6"></rect>
    <text x=${b.w / 2} y=${b.h / 2 + 4}>missing: ${cut(e.to === '' ? '(none)' : e.to, 10)}</text>
    <title>${e.from} points to "${e.to}", which is not a node</title></g>`;
}

export const edgeDefs = svg`<defs>
  <marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="8" markerHeight="8" orient="auto-start-reverse"><path class="arrowhead" d="M0 0L10 5L0 10z"></path></marker>
  <marker id="arrow-missing" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="8" markerHeight="8" orient="auto-start-reverse"><path class="arrowhead missing" d="M0 0L10 5L0 10z"></path></marker>
</defs>`;
