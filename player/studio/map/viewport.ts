/**
 * The map's pan and zoom as plain numbers: a screen point is `world × k + (x, y)`.
 * Pure math, so the element and the tests share one definition of "fit" and
 * "zoom around the pointer".
 */
import type { Point } from './map-geometry.ts';

export interface View {
  x: number;
  y: number;
  k: number;
}

export const MIN_ZOOM = 0.1;
export const MAX_ZOOM = 2.5;

export function clampZoom(k: number): number {
  return Math.min(MAX_ZOOM, Math.max(MIN_ZOOM, k));
}

/** Zooms by `factor` keeping the world point under `at` (a screen point) where it is. */
export function zoomAt(view: View, factor: number, at: Point): View {
  const k = clampZoom(view.k * factor);
  const ratio = k / view.k;
  return { k, x: at.x - (at.x - view.x) * ratio, y: at.y - (at.y - view.y) * ratio };
}

/** The whole drawing, centred, as large as fits (never above 1: cards stay their own size on a small story). */
export function fitView(world: { width: number; height: number }, screen: { width: number; height: number }, pad = 16): View {
  if (world.width <= 0 || world.height <= 0 || screen.width <= 0 || screen.height <= 0) return { x: 0, y: 0, k: 1 };
  const k = clampZoom(Math.min(1, (screen.width - 2 * pad) / world.width, (screen.height - 2 * pad) / world.height));
  return { k, x: (screen.width - world.width * k) / 2, y: (screen.height - world.height * k) / 2 };
}

/** Keeps the zoom and puts the world point `p` at the centre of the screen. */
export function centreOn(view: View, p: Point, screen: { width: number; height: number }): View {
  return { k: view.k, x: screen.width / 2 - p.x * view.k, y: screen.height / 2 - p.y * view.k };
}

export function toWorld(view: View, screen: Point): Point {
  return { x: (screen.x - view.x) / view.k, y: (screen.y - view.y) / view.k };
}

/** True when the world box lies wholly on screen. */
export function isOnScreen(view: View, box: { x: number; y: number; w: number; h: number }, screen: { width: number; height: number }): boolean {
  const x = box.x * view.k + view.x;
  const y = box.y * view.k + view.y;
  return x >= 0 && y >= 0 && x + box.w * view.k <= screen.width && y + box.h * view.k <= screen.height;
}
