/** Drives a SoloSession's cue scheduler on a test's own clock, waking exactly where LiveRoom would. */
import type { SoloSession } from '../../player/solo/solo-session.ts';

/** Fires every cue due up to `to` ms at its own instant, then ticks at `to` (bounded at 1,000 wake-ups). */
export function runUntil(s: SoloSession, to: number): void {
  for (let i = 0; i < 1000; i++) {
    const at = s.wakeAt();
    if (at === undefined || at > to) break;
    s.tick(at);
  }
  s.tick(to);
}
