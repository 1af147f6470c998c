/**
 * Dragging from a card's out-port to connect: a dashed line follows the
 * pointer (its `d` written directly, no re-render), and on release the card
 * under the pointer, or empty space, is reported. A release without real
 * movement, or on the card itself, is not a connection.
 */
import type { Point } from './map-geometry.ts';
import { toWorld, type View } from './viewport.ts';

export interface ConnectHost {
  viewport(): HTMLElement | null;
  line(): SVGPathElement | null;
  view(): View;
  /** The node id of the card at a client point, or null for empty space. */
  nodeAt(clientX: number, clientY: number): string | null;
  connect(from: string, to: string | null): void;
}

export function startConnect(host: ConnectHost, port: SVGCircleElement, from: string, e: PointerEvent): void {
  const viewport = host.viewport();
  if (!viewport) return;
  e.preventDefault();
  e.stopPropagation();
  port.setPointerCapture(e.pointerId);
  port.classList.add('active');
  const origin = port.getBoundingClientRect();
  const start = { x: origin.left + origin.width / 2, y: origin.top + origin.height / 2 };
  const rect = viewport.getBoundingClientRect();
  const world = (p: Point) => toWorld(host.view(), { x: p.x - rect.left, y: p.y - rect.top });
  const a = world(start);
  let moved = false;
  const move = (ev: PointerEvent) => {
    if (Math.hypot(ev.clientX - start.x, ev.clientY - start.y) > 6) moved = true;
    const b = world({ x: ev.clientX, y: ev.clientY });
    host.line()?.setAttribute('d', `M${a.x} ${a.y}C${a.x + 60} ${a.y} ${b.x - 60} ${b.y} ${b.x} ${b.y}`);
  };
  const end = (ev: PointerEvent) => {
    port.removeEventListener('pointermove', move);
    port.removeEventListener('pointerup', end);
    port.removeEventListener('pointercancel', cancel);
    port.classList.remove('active');
    host.line()?.setAttribute('d', '');
    if (!moved || ev.type === 'pointercancel') return;
    const to = host.nodeAt(ev.clientX, ev.clientY);
    if (to !== from) host.connect(from, to);
  };
  const cancel = (ev: PointerEvent) => end(ev);
  port.addEventListener('pointermove', move);
  port.addEventListener('pointerup', end);
  port.addEventListener('pointercancel', cancel);
}
