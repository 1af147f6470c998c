/**
 * A phone for the player's browser tests: measuring the viewer's layout and
 * swiping on it. Swipes go through CDP `Input.dispatchTouchEvent`, the path a
 * real touch screen takes (touch events, then pointer events, then the
 * browser's own gesture handling), not synthetic DOM events.
 */
import type { CDPSession, Page } from 'playwright-core';
import type { Box, NamedBox } from './layout-boxes.ts';

/** iPhone 12–15 class: 390 × 844 CSS px at DPR 3, touch, mobile viewport meta honoured. */
export const PHONE = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 3 } as const;

export interface ViewerLayout {
  viewport: Box;
  scrollWidth: number;
  stage: Box | null;
  video: Box | null;
  vote: Box | null;
  quiz: Box | null;
  form: Box | null;
  /** Layers that belong on the picture, whose boxes should be the video's. */
  onPicture: NamedBox[];
  /** Every control a finger may aim at now: options, comment input and button, the captions menu. */
  targets: NamedBox[];
}

/** Boxes of the viewer's parts, from inside <branchcast-player>'s shadow root. */
export function measureViewer(page: Page): Promise<ViewerLayout> {
  return page.evaluate(() => {
    const root = document.querySelector('branchcast-player')!.shadowRoot!;
    const rect = (el: Element | null) => {
      if (!el) return null;
      const r = el.getBoundingClientRect();
      return { x: r.x, y: r.y, width: r.width, height: r.height };
    };
    const targets = [...root.querySelectorAll('.vote button, .quiz button, form.comment input, form.comment button, .captions-menu select')].map((el, i) => ({
      name: `${el.closest('.vote') ? 'vote' : el.closest('.quiz') ? 'quiz' : el.closest('.captions-menu') ? 'captions' : 'comment'} ${el.tagName.toLowerCase()} ${(el.textContent ?? '').trim().replace(/\s+/g, ' ') || (el.getAttribute('aria-label') ?? i)}`,
      box: rect(el)!,
    }));
    return {
      viewport: { x: 0, y: 0, width: window.innerWidth, height: window.innerHeight },
      scrollWidth: document.scrollingElement!.scrollWidth,
      stage: rect(root.querySelector('.stage')),
      video: rect(root.querySelector('.videos')),
      vote: rect(root.querySelector('.panel.vote')),
      quiz: rect(root.querySelector('.panel.quiz')),
      form: rect(root.querySelector('form.comment')),
      onPicture: [...root.querySelectorAll('.danmaku, .hotspots')].map((el) => ({ name: el.className, box: rect(el)! })),
      targets,
    };
  });
}

/** One finger from `from` to `to` in `steps` moves, 16 ms apart (a quick flick, ~130 ms). */
export async function swipe(cdp: CDPSession, from: { x: number; y: number }, to: { x: number; y: number }, steps = 8): Promise<void> {
  await cdp.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints: [{ x: from.x, y: from.y }] });
  for (let i = 1; i <= steps; i++) {
    const x = from.x + ((to.x - from.x) * i) / steps;
    const y = from.y + ((to.y - from.y) * i) / steps;
    await new Promise((r) => setTimeout(r, 16));
    await cdp.send('Input.dispatchTouchEvent', { type: 'touchMove', touchPoints: [{ x, y }] });
  }
  await cdp.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [] });
}

/** What has focus inside the player: the option's id or index, or null. */
export function focusedOption(page: Page): Promise<string | null> {
  return page.evaluate(() => {
    const el = document.querySelector('branchcast-player')?.shadowRoot?.activeElement;
    if (!el) return null;
    const where = el.closest('.vote') ? 'vote' : el.closest('.quiz') ? 'quiz' : 'other';
    return `${where}:${el.getAttribute('data-option') ?? el.getAttribute('data-index') ?? el.tagName}`;
  });
}
