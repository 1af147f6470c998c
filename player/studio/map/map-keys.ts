/** What a key does on the map: arrows pan (Shift: further), + and − zoom, 0 fits, Enter/Space select a card, Shift+Enter opens it. */
export type KeyAction =
  | { kind: 'pan'; dx: number; dy: number }
  | { kind: 'zoom'; factor: number }
  | { kind: 'fit' }
  | { kind: 'select' }
  | { kind: 'open' };

export function keyAction(e: Pick<KeyboardEvent, 'key' | 'shiftKey' | 'ctrlKey' | 'metaKey' | 'altKey'>): KeyAction | null {
  if (e.ctrlKey || e.metaKey || e.altKey) return null;
  const step = e.shiftKey ? 240 : 60;
  switch (e.key) {
    // The view moves opposite to the arrow: "→" shows what is to the right.
    case 'ArrowLeft': return { kind: 'pan', dx: step, dy: 0 };
    case 'ArrowRight': return { kind: 'pan', dx: -step, dy: 0 };
    case 'ArrowUp': return { kind: 'pan', dx: 0, dy: step };
    case 'ArrowDown': return { kind: 'pan', dx: 0, dy: -step };
    case '+': case '=': return { kind: 'zoom', factor: 1.25 };
    case '-': case '_': return { kind: 'zoom', factor: 1 / 1.25 };
    case '0': return { kind: 'fit' };
    case 'Enter': return { kind: e.shiftKey ? 'open' : 'select' };
    case ' ': return { kind: 'select' };
    default: return null;
  }
}
