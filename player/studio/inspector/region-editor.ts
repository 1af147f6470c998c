/**
 * <branchcast-region-editor>: a hotspot's region drawn on a frame of its clip
 * (16:9). The author drags on the frame to draw a new rectangle; on release
 * it is sent as one `region-change` {x, y, w, h} (normalised 0–1, 3 decimals,
 * inside the frame), which the inspector sets as one edit (one undo step).
 * Pointer only: keyboard users have the four number fields beside it.
 *
 * Properties: `frame` (image URL or null), `region` (Region), `label` (what it is, for screen readers).
 */
import { LitElement, css, html, nothing, type PropertyValues } from 'lit';
import type { Region } from '../../../engine/story.ts';

interface Drag {
  pointer: number;
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

/** Smaller than this (a click, a twitch) is not a region. */
const MIN_SIDE = 0.01;
const round3 = (n: number) => Math.round(n * 1000) / 1000;
const clamp01 = (n: number) => Math.min(1, Math.max(0, n));

/** The rectangle a drag spans, rounded so that it stays inside the frame (right and bottom are rounded, not the width). */
export function dragRegion(x0: number, y0: number, x1: number, y1: number): Region {
  const [left, right] = [round3(clamp01(Math.min(x0, x1))), round3(clamp01(Math.max(x0, x1)))];
  const [top, bottom] = [round3(clamp01(Math.min(y0, y1))), round3(clamp01(Math.max(y0, y1)))];
  return { x: left, y: top, w: round3(right - left), h: round3(bottom - top) };
}

const drawable = (r: Region | null): r is Region => r !== null && [r.x, r.y, r.w, r.h].every((n) => typeof n === 'number' && Number.isFinite(n));
const place = (r: Region) => `left:${r.x * 100}%;top:${r.y * 100}%;width:${r.w * 100}%;height:${r.h * 100}%`;

export class BranchcastRegionEditor extends LitElement {
  static override styles = css`
    :host { display: block; margin: 6px 0; }
    .frame { position: relative; aspect-ratio: 16 / 9; background: #0b0d14; border: 1px solid #333a4d; border-radius: 4px;
      overflow: hidden; cursor: crosshair; touch-action: none; user-select: none; }
    /* fill, not contain: the region is normalised to the video frame, so the image must span the box exactly. */
    img { position: absolute; inset: 0; width: 100%; height: 100%; object-fit: fill; pointer-events: none; }
    .region, .draft { position: absolute; box-sizing: border-box; pointer-events: none; }
    .region { border: 2px solid #ffd54a; background: rgb(255 213 74 / 0.15); }
    .draft { border: 2px dashed #4fc3f7; background: rgb(79 195 247 / 0.15); }
    /* The muted colour of the studio's labels (contrast-checked there), not an opacity. */
    .hint { margin: 2px 0 0; font-size: 12px; color: #b8c0d6; }
  `;
  static override properties = {
    frame: { attribute: false },
    region: { attribute: false },
    label: { attribute: false },
    drag: { state: true },
    broken: { state: true },
  };

  declare frame: string | null;
  declare region: Region | null;
  declare label: string;
  declare drag: Drag | null;
  /** The frame failed to load (no clip yet): the box stays, empty, and still takes a drag. */
  declare broken: boolean;

  constructor() {
    super();
    this.frame = null;
    this.region = null;
    this.label = 'Hotspot region';
    this.drag = null;
    this.broken = false;
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('frame')) this.broken = false;
  }

  override render() {
    const r = this.region;
    const d = this.drag;
    const said = drawable(r) ? `: x ${r.x}, y ${r.y}, width ${r.w}, height ${r.h}` : '';
    return html`<div class="frame" role="img" aria-label=${`${this.label}${said}`}
        @pointerdown=${this.#down} @pointermove=${this.#move} @pointerup=${this.#up} @pointercancel=${this.#cancel}>
        ${this.frame && !this.broken ? html`<img src=${this.frame} alt="" draggable="false" @error=${() => { this.broken = true; }}>` : nothing}
        ${drawable(r) ? html`<div class="region" style=${place(r)}></div>` : nothing}
        ${d ? html`<div class="draft" style=${place(dragRegion(d.x0, d.y0, d.x1, d.y1))}></div>` : nothing}
      </div>
      <p class="hint">Drag on the frame to draw the region; the fields below take exact values.</p>`;
  }

  /** The pointer's position in the frame, 0–1 on each axis. */
  #at(e: PointerEvent): [number, number] {
    const box = (e.currentTarget as HTMLElement).getBoundingClientRect();
    return [clamp01((e.clientX - box.left) / box.width), clamp01((e.clientY - box.top) / box.height)];
  }

  #down = (e: PointerEvent): void => {
    if (e.button !== 0) return;
    const [x, y] = this.#at(e);
    // Captured, so a drag that leaves the box still ends here (clamped to the edge).
    (e.currentTarget as HTMLElement).setPointerCapture(e.pointerId);
    this.drag = { pointer: e.pointerId, x0: x, y0: y, x1: x, y1: y };
    e.preventDefault();
  };

  #move = (e: PointerEvent): void => {
    if (this.drag?.pointer !== e.pointerId) return;
    const [x, y] = this.#at(e);
    this.drag = { ...this.drag, x1: x, y1: y };
  };

  #up = (e: PointerEvent): void => {
    const d = this.drag;
    if (d?.pointer !== e.pointerId) return;
    this.drag = null;
    const [x, y] = this.#at(e);
    const region = dragRegion(d.x0, d.y0, x, y);
    if (region.w < MIN_SIDE || region.h < MIN_SIDE) return;
    this.dispatchEvent(new CustomEvent<Region>('region-change', { detail: region }));
  };

  #cancel = (): void => {
    this.drag = null;
  };
}

if (!customElements.get('branchcast-region-editor')) customElements.define('branchcast-region-editor', BranchcastRegionEditor);

declare global {
  interface HTMLElementTagNameMap {
    'branchcast-region-editor': BranchcastRegionEditor;
  }
}
