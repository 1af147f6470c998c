/** Hotspots on screen now, placed over the video by their normalised region. */
import { html, nothing, type TemplateResult } from 'lit';
import type { Hotspot } from '../../engine/story.ts';

// Plain-text kinds: emoji fonts are missing on many TVs and kiosks.
const ICONS: Record<Hotspot['kind'], string> = { coupon: '%', ar: 'AR', link: '↗', seek: '»', choice: '›' };

export function hotspotLayer(hotspots: Hotspot[], onClick: (h: Hotspot) => void): TemplateResult {
  return html`<div class="hotspots" data-nav="row">
    ${hotspots.map((h) => html`<button class="hotspot ${h.kind}" data-hotspot=${h.id}
      style="left:${h.region.x * 100}%;top:${h.region.y * 100}%;width:${h.region.w * 100}%;height:${h.region.h * 100}%"
      aria-label=${h.label === undefined ? `${h.kind} ${h.id}` : nothing} @click=${() => onClick(h)}><span><span aria-hidden="true">${ICONS[h.kind]}</span> ${h.label ?? ''}</span></button>`)}
  </div>`;
}

/** Hotspots of a node visible at media position `pos`. */
export function visibleHotspots(all: Hotspot[] | undefined, pos: number): Hotspot[] {
  return (all ?? []).filter((h) => pos >= h.from && pos <= h.to);
}
