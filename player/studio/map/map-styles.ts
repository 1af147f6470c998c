/**
 * The map's dark theme, in the player's palette (player/elements/player-styles.ts).
 * Text colours are checked against their backgrounds for WCAG AA (4.5:1 for
 * text, 3:1 for lines and shapes): e.g. #e8ebf2 on the card's #1d2230 is 13:1,
 * the id's #aab3c5 7.6:1, edge labels #c9d1e0 on #0b0d12 13:1, the error
 * badge's #1a0505 on #ff6b6b 7:1, edges #7f8aa3 on #0b0d12 5.6:1.
 */
import { css } from 'lit';

export const mapStyles = css`
  :host { display: flex; flex-direction: column; position: relative; min-height: 240px; color: #e8ebf2; background: #0b0d12;
    font: 14px/1.4 system-ui, sans-serif; --accent: #ffcc33; --match: #4fd1ff; border-radius: 8px; overflow: hidden; }
  .toolbar { display: flex; gap: 6px; align-items: center; padding: 6px 8px; background: #12151d; border-bottom: 1px solid #2a3145; }
  .toolbar input { flex: 0 1 220px; min-width: 80px; padding: 5px 8px; font: inherit; color: inherit; background: #1d2230; border: 1px solid #4a5470; border-radius: 6px; }
  .toolbar .count { color: #aab3c5; font-size: 12px; min-width: 3.5em; }
  .toolbar .spacer { flex: 1; }
  .toolbar button { font: inherit; color: inherit; background: #2c3550; border: 1px solid #4a5470; border-radius: 6px; min-width: 32px; height: 30px; cursor: pointer; }
  .toolbar button:hover { background: #39446a; }
  :focus-visible { outline: 3px solid var(--accent); outline-offset: 2px; }
  .viewport { position: relative; flex: 1; overflow: hidden; cursor: grab; touch-action: none; outline: none; }
  .viewport.panning { cursor: grabbing; }
  .viewport:focus-visible { box-shadow: inset 0 0 0 3px var(--accent); }
  /* One composited layer: panning moves it on the compositor, with no repaint of cards or edges. */
  svg.world { position: absolute; left: 0; top: 0; transform-origin: 0 0; will-change: transform; overflow: visible; user-select: none; }
  .edge { fill: none; stroke: #7f8aa3; stroke-width: 1.6; }
  .edge.conditional { stroke-dasharray: 6 4; }
  .edge.back { stroke: #9a86d6; }
  .edge.missing { stroke: #ff6b6b; stroke-dasharray: 4 3; }
  .arrowhead { fill: #7f8aa3; } .arrowhead.missing { fill: #ff6b6b; }
  .edge-label { fill: #c9d1e0; font-size: 12px; text-anchor: middle; paint-order: stroke; stroke: #0b0d12; stroke-width: 4px; stroke-linejoin: round; }
  .edge-label.route, .edge-label.next { font-style: italic; }
  .card { cursor: pointer; outline: none; }
  .card .frame { fill: #1d2230; stroke: #4a5470; stroke-width: 1.5; }
  .card .ring { fill: none; stroke: none; stroke-width: 3; }
  .card.start .frame { stroke: var(--accent); stroke-width: 2.5; }
  .card.ending .frame { stroke: #5fd38d; stroke-width: 2.5; }
  .card.match .ring { stroke: var(--match); }
  .card.current .ring { stroke: var(--match); stroke-width: 5; }
  .card.selected .frame { stroke: var(--accent); stroke-width: 4; fill: #262c3d; }
  .card:focus-visible .ring { stroke: var(--accent); stroke-dasharray: 5 3; }
  .card .title { fill: #e8ebf2; font-weight: 600; font-size: 14px; }
  .card .id { fill: #aab3c5; font: 12px ui-monospace, monospace; }
  .card .ending-text { fill: #7ee2a8; font-size: 12px; font-weight: 600; }
  .start-tag rect { fill: var(--accent); } .start-tag text { fill: #000; font-size: 11px; font-weight: 700; text-anchor: middle; }
  .badge text { font-size: 12px; font-weight: 700; text-anchor: middle; }
  .badge.error rect { fill: #ff6b6b; } .badge.error text { fill: #1a0505; }
  .badge.warning rect { fill: #ffb020; } .badge.warning text { fill: #1a1000; }
  .port { fill: #2c3550; stroke: #c9d1e0; stroke-width: 2; cursor: crosshair; }
  .port:hover, .port.active { fill: var(--accent); stroke: #000; }
  .missing-marker rect { fill: #2a1216; stroke: #ff6b6b; stroke-dasharray: 4 3; }
  .missing-marker text { fill: #ff9c9c; font-size: 12px; text-anchor: middle; }
  .drag-line { fill: none; stroke: var(--accent); stroke-width: 2; stroke-dasharray: 5 4; pointer-events: none; }
  .empty { position: absolute; inset: 0; display: grid; place-items: center; color: #aab3c5; pointer-events: none; }
  .sr-only { position: absolute; width: 1px; height: 1px; overflow: hidden; clip-path: inset(50%); white-space: nowrap; }
`;
