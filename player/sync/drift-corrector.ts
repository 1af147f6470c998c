/**
 * Tiered drift correction (docs/player.md, "Sync: following the room timeline"):
 * ignore small drift, nudge playbackRate for medium drift, seek for large.
 * Pure decisions: the caller applies them. Thresholds and how they were
 * chosen are in docs/player.md.
 */

export const SYNC = {
  /**
   * |drift| below the dead band: play at rate 1. The band follows the clock
   * estimate's own uncertainty u (ms): deadbandMarginS + deadbandPerUncertainty × u,
   * kept within [deadbandMinS, deadbandMaxS]. Drift smaller than what the clock
   * can vouch for is noise, and chasing it only wobbles the rate; drift larger
   * than that is real, however small (a viewer known to ±2 ms corrects 10 ms).
   */
  deadbandMinS: 0.003,
  deadbandMaxS: 0.04,
  deadbandMarginS: 0.002,
  deadbandPerUncertainty: 1.5,
  /** Without an uncertainty (no clock yet): the old fixed band, a third of a 30 fps frame. */
  deadbandS: 0.012,
  /** Once nudging, keep nudging until within this (hysteresis, so the rate does not flap at the edge). */
  settleS: 0.0015,
  /** |drift| at or above this: seek (a 5% nudge would take > 8 s to close it). */
  seekS: 0.4,
  /** Largest rate change: ±5% is inaudible as pitch on speech and invisible on motion. */
  maxNudge: 0.05,
  /** Rate = 1 − drift / horizon: close the drift in about this many seconds. */
  horizonS: 0.5,
  /** At most one rate change per this long (each change resamples audio). */
  rateIntervalMs: 150,
  /** At most one seek per this long (a seek stalls while it decodes a keyframe). */
  seekIntervalMs: 2000,
  /** Paused: seek to the exact frame when further off than this. */
  pausedS: 0.02,
} as const;

export type Correction = { kind: 'none' } | { kind: 'rate'; rate: number } | { kind: 'seek'; position: number };

export interface DriftInput {
  /** Video position (s). */
  actual: number;
  /** Room timeline position (s). */
  target: number;
  playing: boolean;
  /** Local clock (ms), for rate limiting. */
  now: number;
  /** The clock estimate's uncertainty (ms), which sizes the dead band; absent: the fixed band. */
  uncertaintyMs?: number | undefined;
}

/** The dead band (s) for a clock known to ±uncertaintyMs. */
export function deadbandFor(uncertaintyMs: number | undefined): number {
  if (uncertaintyMs === undefined || !Number.isFinite(uncertaintyMs)) return SYNC.deadbandS;
  const band = SYNC.deadbandMarginS + (SYNC.deadbandPerUncertainty * uncertaintyMs) / 1000;
  return Math.min(SYNC.deadbandMaxS, Math.max(SYNC.deadbandMinS, band));
}

export class DriftCorrector {
  #rate = 1;
  #nudging = false;
  #lastRateAt = -Infinity;
  #lastSeekAt = -Infinity;
  /** How far a seek lands behind its target while it decodes: learned, added to the next seek. */
  #seekLeadS = 0.05;
  #pendingSeek: { target: number; at: number } | null = null;

  get rate(): number { return this.#rate; }
  /** Far off and being corrected: the UI shows "catching up". */
  catchingUp = false;

  /** Forget history (new node, new media element). */
  reset(): void {
    this.#rate = 1;
    this.#nudging = false;
    this.#pendingSeek = null;
    this.catchingUp = false;
  }

  /** The media finished a seek: learn how far behind it landed. */
  seeked(actual: number, target: number): void {
    if (!this.#pendingSeek) return;
    const lag = target - actual;
    if (lag > -0.5 && lag < 1) this.#seekLeadS = Math.min(0.5, Math.max(0, this.#seekLeadS + lag * 0.5));
    this.#pendingSeek = null;
  }

  decide(input: DriftInput): Correction {
    const drift = input.actual - input.target;
    const abs = Math.abs(drift);
    if (!input.playing) {
      this.#nudging = false;
      this.catchingUp = false;
      if (abs > SYNC.pausedS && input.now - this.#lastSeekAt >= 250) return this.#seek(input.target, input.now, 0);
      return this.#setRate(1, input.now, true);
    }
    if (abs >= SYNC.seekS) {
      this.catchingUp = true;
      if (input.now - this.#lastSeekAt >= SYNC.seekIntervalMs) return this.#seek(input.target, input.now, this.#seekLeadS);
      return { kind: 'none' };
    }
    if (abs < SYNC.settleS || (!this.#nudging && abs < deadbandFor(input.uncertaintyMs))) {
      this.#nudging = false;
      this.catchingUp = false;
      return this.#setRate(1, input.now, true);
    }
    this.#nudging = true;
    this.catchingUp = abs > 0.1;
    const nudge = Math.max(-SYNC.maxNudge, Math.min(SYNC.maxNudge, -drift / SYNC.horizonS));
    return this.#setRate(Math.round((1 + nudge) * 1000) / 1000, input.now, false);
  }

  #seek(target: number, now: number, lead: number): Correction {
    this.#lastSeekAt = now;
    this.#pendingSeek = { target, at: now };
    this.#rate = 1;
    this.#nudging = false;
    return { kind: 'seek', position: Math.max(0, target + lead) };
  }

  #setRate(rate: number, now: number, urgent: boolean): Correction {
    if (rate === this.#rate) return { kind: 'none' };
    // Returning to 1 is never delayed: overshooting is worse than an extra change.
    if (!urgent && now - this.#lastRateAt < SYNC.rateIntervalMs) return { kind: 'none' };
    this.#rate = rate;
    this.#lastRateAt = now;
    return { kind: 'rate', rate };
  }
}
