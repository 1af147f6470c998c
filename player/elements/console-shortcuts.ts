/**
 * The host console's keyboard shortcuts, heard on the whole document (a
 * presenter's clicker or a TV remote has no pointer to focus the element
 * first), and the list shown on screen. Keys typed into a text field, and
 * keys with Ctrl, Alt or ⌘, are left alone. Arrows, Enter and Escape stay
 * with FocusNavController (moving between buttons).
 */
import { html, type ReactiveController, type ReactiveElement, type TemplateResult } from 'lit';

export interface ConsoleActions {
  playPause(): void;
  seekBy(seconds: number): void;
  /** Force the open choice's option number `n` (1-based, as shown). */
  forceOption(n: number): void;
  focusQuizForm(): void;
  closeNewestQuiz(): void;
}

/** The list on screen, in the order it is shown (kept next to actionFor, which it describes). */
export const SHORTCUTS: ReadonlyArray<{ shown: string[]; does: string }> = [
  { shown: ['Space', 'K'], does: 'Play or pause the room' },
  { shown: ['J'], does: 'Back 10 s' },
  { shown: ['L'], does: 'Forward 10 s' },
  { shown: ['1–9'], does: 'Force that option of the open choice' },
  { shown: ['Q'], does: 'Write a quiz to push' },
  { shown: ['C'], does: 'Close the newest open quiz' },
  { shown: ['←', '→', '↑', '↓'], does: 'Move between buttons' },
  { shown: ['Enter'], does: 'Press the focused button' },
];

export function actionFor(key: string, a: ConsoleActions): (() => void) | undefined {
  switch (key.length === 1 ? key.toLowerCase() : key) {
    case ' ': case 'k': case 'MediaPlayPause': return () => a.playPause();
    case 'j': case 'MediaRewind': return () => a.seekBy(-10);
    case 'l': case 'MediaFastForward': return () => a.seekBy(10);
    case 'q': return () => a.focusQuizForm();
    case 'c': return () => a.closeNewestQuiz();
    default: return /^[1-9]$/.test(key) ? () => a.forceOption(Number(key)) : undefined;
  }
}

export class ConsoleShortcuts implements ReactiveController {
  #abort: AbortController | null = null;

  constructor(host: ReactiveElement, private readonly actions: ConsoleActions) {
    host.addController(this);
  }

  hostConnected(): void {
    this.#abort = new AbortController();
    document.addEventListener('keydown', (e) => this.#key(e), { signal: this.#abort.signal });
  }

  hostDisconnected(): void {
    this.#abort?.abort();
  }

  #key(e: KeyboardEvent): void {
    if (e.ctrlKey || e.altKey || e.metaKey || e.defaultPrevented) return;
    const target = e.composedPath()[0] as HTMLElement | undefined;
    if (target?.closest?.('input, textarea, select, [contenteditable="true"]')) return;
    const run = actionFor(e.key, this.actions);
    if (!run) return;
    e.preventDefault(); // Space would also scroll the page or press the focused button
    run();
  }
}

export function shortcutList(): TemplateResult {
  return html`<section class="card shortcuts" aria-labelledby="keys-title"><h2 id="keys-title">Keyboard shortcuts</h2>
    <dl>${SHORTCUTS.map((s) => html`<div><dt>${s.shown.map((k) => html`<kbd>${k}</kbd>`)}</dt><dd>${s.does}</dd></div>`)}</dl>
  </section>`;
}
