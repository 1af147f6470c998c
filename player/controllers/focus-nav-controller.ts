/**
 * Remote, keyboard and touch navigation (docs/protocol.md §9): ← → move
 * between the options of a row, ↑ ↓ between rows ([data-nav="row"] groups),
 * Enter/OK activates (native buttons), Back/Escape closes; touch swipes move
 * left/right, a swipe down is Back. Focus stays visible (:focus-visible ring).
 */
import type { ReactiveController, ReactiveElement } from 'lit';

/** Back keys: Escape, browser Back, webOS (461) and Tizen (10009) remotes. */
const BACK_KEYS = new Set(['Escape', 'BrowserBack', 'GoBack', 'Backspace']);
const BACK_CODES = new Set([461, 10009]);

export interface FocusNavOptions {
  onBack: () => void;
  /** Play/Pause key or Space (hosts). */
  onPlayPause?: () => void;
  /** ⏪ ⏩ keys (hosts): ±10 s. */
  onSeekBy?: (seconds: number) => void;
}

export class FocusNavController implements ReactiveController {
  #touch: { x: number; y: number } | null = null;
  #signal: AbortController | null = null;

  constructor(private readonly host: ReactiveElement, private readonly options: FocusNavOptions) {
    host.addController(this);
  }

  hostConnected(): void {
    this.#signal = new AbortController();
    const signal = this.#signal.signal;
    // Keys on the whole document: a TV remote has no pointer to put focus in the element first.
    document.addEventListener('keydown', (e) => this.#key(e), { signal });
    // Touch events, not pointer events: once the browser takes a finger's move
    // as a pan it sends pointercancel and no pointerup, so a swipe never ended.
    // touchend always comes. Passive: the page's own scrolling is left alone.
    this.host.addEventListener('touchstart', (e) => this.#touchStart(e), { signal, passive: true });
    this.host.addEventListener('touchend', (e) => this.#swipe(e), { signal, passive: true });
    this.host.addEventListener('touchcancel', () => { this.#touch = null; }, { signal, passive: true });
  }

  hostDisconnected(): void {
    this.#signal?.abort();
  }

  /**
   * Puts focus on the first enabled button of `selector` when nothing else
   * holds it (a remote user should land on a new vote without hunting for it;
   * someone typing a comment keeps their focus).
   */
  offer(selector: string): void {
    const active = this.#root().activeElement;
    const outside = document.activeElement;
    if (active || (outside && outside !== document.body && outside !== this.host)) return;
    this.#root().querySelector<HTMLButtonElement>(`${selector} button:not([disabled])`)?.focus({ preventScroll: true });
  }

  /** Moves focus within the row (dx) or to another row (dy). */
  move(dx: number, dy: number): void {
    const rows = [...this.#root().querySelectorAll<HTMLElement>('[data-nav="row"]')].map((r) => [...r.querySelectorAll<HTMLButtonElement>('button:not([disabled])')]).filter((r) => r.length);
    if (!rows.length) return;
    const active = this.#root().activeElement;
    let ri = rows.findIndex((r) => r.includes(active as HTMLButtonElement));
    let ci = ri >= 0 ? rows[ri]!.indexOf(active as HTMLButtonElement) : -1;
    if (ri < 0) { ri = 0; ci = 0; } else if (dy) { ri = (ri + dy + rows.length) % rows.length; ci = Math.min(ci, rows[ri]!.length - 1); } else { ci = (ci + dx + rows[ri]!.length) % rows[ri]!.length; }
    rows[ri]![ci]?.focus();
  }

  #root(): ShadowRoot | Document {
    return this.host.shadowRoot ?? document;
  }

  #key(e: KeyboardEvent): void {
    if ((e.target as HTMLElement | null)?.closest?.('input, textarea, select') || (e.composedPath()[0] as HTMLElement | undefined)?.matches?.('input, textarea, select')) {
      if (e.key === 'Escape') (e.composedPath()[0] as HTMLElement).blur();
      return;
    }
    const dirs: Record<string, [number, number]> = { ArrowLeft: [-1, 0], ArrowRight: [1, 0], ArrowUp: [0, -1], ArrowDown: [0, 1] };
    const d = dirs[e.key];
    if (d) { e.preventDefault(); this.move(d[0], d[1]); return; }
    if (BACK_KEYS.has(e.key) || BACK_CODES.has(e.keyCode)) { e.preventDefault(); this.options.onBack(); return; }
    if ((e.key === ' ' || e.key === 'MediaPlayPause') && this.options.onPlayPause) { e.preventDefault(); this.options.onPlayPause(); return; }
    if (e.key === 'MediaRewind' && this.options.onSeekBy) this.options.onSeekBy(-10);
    if (e.key === 'MediaFastForward' && this.options.onSeekBy) this.options.onSeekBy(10);
  }

  #touchStart(e: TouchEvent): void {
    const t = e.touches[0];
    // One finger only (two are a pinch), and not on a text field or slider, where a drag moves the caret or the value.
    const field = (e.composedPath()[0] as HTMLElement | undefined)?.closest?.('input, textarea, select');
    this.#touch = t && e.touches.length === 1 && !field ? { x: t.clientX, y: t.clientY } : null;
  }

  #swipe(e: TouchEvent): void {
    const start = this.#touch;
    this.#touch = null;
    const end = e.changedTouches[0];
    if (!start || !end || e.touches.length > 0) return;
    const dx = end.clientX - start.x;
    const dy = end.clientY - start.y;
    if (Math.abs(dx) > 40 && Math.abs(dx) > Math.abs(dy)) this.move(dx > 0 ? 1 : -1, 0);
    else if (dy > 60 && dy > Math.abs(dx)) this.options.onBack();
  }
}
