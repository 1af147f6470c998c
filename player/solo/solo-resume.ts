/**
 * Resuming a saved solo run: refold its log through the story as it is now.
 * The same story gives the same run, at the saved instant; a changed story
 * replays the path as far as it still fits (SoloSession.restore stops at the
 * first choice it no longer offers) and the viewer is told. Either way the
 * run waits, paused, for the viewer to continue.
 */
import type { SoloSave } from './solo-save.ts';
import type { SoloSession } from './solo-session.ts';

export interface Resumed {
  /** Session time to continue from. */
  now: number;
  notice: string | null;
}

export function resumeRun(session: SoloSession, saved: SoloSave | undefined, version: string): Resumed {
  if (!saved || saved.log.length === 0) return { now: 0, notice: null };
  let fitted: number;
  try {
    fitted = session.restore(saved.log);
  } catch {
    // A log that does not even fold (edited by hand, or from a much older player): start afresh.
    session.restore([]);
    return { now: 0, notice: 'Your saved place could not be read, so the story starts from the beginning.' };
  }
  const last = session.inputs().at(-1)?.t ?? 0;
  if (fitted < saved.log.length) {
    pauseAt(session, last);
    return {
      now: last,
      notice: fitted === 0
        ? 'This story has changed since your last visit and your path no longer fits it, so it starts from the beginning.'
        : 'This story has changed since your last visit: you are back at the last point where your path still fits it.',
    };
  }
  const now = Math.max(saved.now, last);
  session.tick(now); // cues due by the saved instant, exactly as they would have fired
  pauseAt(session, now);
  return { now, notice: saved.storyVersion === version ? null : 'This story has been updated since your last visit; your path still fits it.' };
}

function pauseAt(session: SoloSession, t: number): void {
  if (session.snapshot().timeline.playing) session.command(t, { type: 'pause' });
}
