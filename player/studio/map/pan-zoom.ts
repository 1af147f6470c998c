/**
 * Pan and zoom for the map, without Lit: the view is one CSS transform on the
 * SVG, written at most once per animation frame, so panning never re-renders
 * a card. Pans by dragging the background (cards and ports have their own
 * gestures), zooms with the wheel (a trackpad pinch arrives as a ctrl+wheel)
 * and with two-finger pinch on touch screens.
 */
import type { Point } from './map-geometry.ts';
import { zoomAt, type View } from './viewport.ts';

export class PanZoom {
  view: View = { x: 0, y: 0, k: 1 };
  readonly #target: () => SVGSVGElement | null;
  #frame = 0;
  #pointers = new Map<number, Point>();
  #pinch: { distance: number; view: View } | null = null;
  #detach: (() => void) | null = null;

  constructor(target: () => SVGSVGElement | null) {
    this.#target = target;
  }

  set(view: View): void {
    this.view = view;
    if (this.#frame === 0) this.#frame = requestAnimationFrame(() => this.apply());
  }

  /** Writes the transform now (after a render, so a fresh SVG gets the current view at once). */
  apply(): void {
    if (this.#frame !== 0) cancelAnimationFrame(this.#frame);
    this.#frame = 0;
    const el = this.#target();
    if (el) el.style.transform = `translate(${this.view.x}px, ${this.view.y}px) scale(${this.view.k})`;
  }

  panBy(dx: number, dy: number): void {
    this.set({ ...this.view, x: this.view.x + dx, y: this.view.y + dy });
  }

  zoomBy(factor: number, at: Point): void {
    this.set(zoomAt(this.view, factor, at));
  }

  /** `isBackground` says whether a pointerdown's target may start a pan (not a card, port or button). */
  attach(viewport: HTMLElement, isBackground: (target: EventTarget | null) => boolean): void {
    this.#detach?.();
    const local = (e: { clientX: number; clientY: number }): Point => {
      const r = viewport.getBoundingClientRect();
      return { x: e.clientX - r.left, y: e.clientY - r.top };
    };
    const down = (e: PointerEvent) => {
      if (!isBackground(e.target) && this.#pointers.size === 0) return;
      viewport.setPointerCapture(e.pointerId);
      this.#pointers.set(e.pointerId, local(e));
      viewport.classList.add('panning');
      if (this.#pointers.size === 2) this.#pinch = { distance: this.#spread(), view: this.view };
    };
    const move = (e: PointerEvent) => {
      const last = this.#pointers.get(e.pointerId);
      if (!last) return;
      const now = local(e);
      this.#pointers.set(e.pointerId, now);
      if (this.#pinch && this.#pointers.size === 2) {
        const [a, b] = [...this.#pointers.values()] as [Point, Point];
        const factor = this.#spread() / Math.max(1, this.#pinch.distance);
        this.set(zoomAt(this.#pinch.view, factor, { x: (a.x + b.x) / 2, y: (a.y + b.y) / 2 }));
      } else if (this.#pointers.size === 1) this.panBy(now.x - last.x, now.y - last.y);
    };
    const up = (e: PointerEvent) => {
      this.#pointers.delete(e.pointerId);
      if (this.#pointers.size < 2) this.#pinch = null;
      if (this.#pointers.size === 0) viewport.classList.remove('panning');
    };
    const wheel = (e: WheelEvent) => {
      e.preventDefault();
      // Pixel deltas from a wheel notch are ~100; a pinch sends small ones: exp keeps both proportional.
      const delta = e.deltaMode === 1 ? e.deltaY * 33 : e.deltaY;
      this.zoomBy(Math.exp(-delta * (e.ctrlKey ? 0.01 : 0.0015)), local(e));
    };
    viewport.addEventListener('pointerdown', down);
    viewport.addEventListener('pointermove', move);
    viewport.addEventListener('pointerup', up);
    viewport.addEventListener('pointercancel', up);
    viewport.addEventListener('wheel', wheel, { passive: false });
    this.#detach = () => {
      viewport.removeEventListener('pointerdown', down);
      viewport.removeEventListener('pointermove', move);
      viewport.removeEventListener('pointerup', up);
      viewport.removeEventListener('pointercancel', up);
      viewport.removeEventListener('wheel', wheel);
    };
  }

  detach(): void {
    this.#detach?.();
    this.#detach = null;
    if (this.#frame !== 0) cancelAnimationFrame(this.#frame);
    this.#frame = 0;
  }

  #spread(): number {
    const [a, b] = [...this.#pointers.values()];
    return a && b ? Math.hypot(a.x - b.x, a.y - b.y) : 1;
  }
}
