/** Sync: tiered drift correction with rate limits, and the room model's switch prediction. */
import { describe, expect, it } from 'vitest';
import { DriftCorrector, SYNC, deadbandFor } from '../player/sync/drift-corrector.ts';
import { applyEvent, applyTally, effectiveTimeline, modelFromSnapshot, switchInstant } from '../player/sync/room-model.ts';

describe('drift corrector', () => {
  it('ignores drift below the dead band', () => {
    const c = new DriftCorrector();
    expect(c.decide({ actual: 10.01, target: 10, playing: true, now: 0 })).toEqual({ kind: 'none' });
  });

  it('nudges the rate by at most 5% for medium drift, in the right direction', () => {
    const c = new DriftCorrector();
    expect(c.decide({ actual: 10.02, target: 10, playing: true, now: 0 })).toEqual({ kind: 'rate', rate: 0.96 });
    const d = new DriftCorrector();
    expect(d.decide({ actual: 9.8, target: 10, playing: true, now: 0 })).toEqual({ kind: 'rate', rate: 1 + SYNC.maxNudge });
  });

  it('rate-limits nudges but returns to rate 1 at once when settled (with hysteresis)', () => {
    const c = new DriftCorrector();
    c.decide({ actual: 10.03, target: 10, playing: true, now: 0 });
    expect(c.decide({ actual: 10.02, target: 10, playing: true, now: 50 })).toEqual({ kind: 'none' });
    expect(c.decide({ actual: 10.02, target: 10, playing: true, now: 200 })).toEqual({ kind: 'rate', rate: 0.96 });
    // Inside the dead band but not settled yet: keep nudging (no flapping at the edge).
    expect(c.decide({ actual: 10.008, target: 10, playing: true, now: 400 }).kind).toBe('rate');
    expect(c.decide({ actual: 10.001, target: 10, playing: true, now: 410 })).toEqual({ kind: 'rate', rate: 1 });
  });

  it('seeks only for large drift, at most once per interval, and marks catching up', () => {
    const c = new DriftCorrector();
    const first = c.decide({ actual: 5, target: 10, playing: true, now: 0 });
    expect(first.kind).toBe('seek');
    expect(c.catchingUp).toBe(true);
    expect(c.decide({ actual: 5, target: 10.1, playing: true, now: 500 })).toEqual({ kind: 'none' });
    expect(c.decide({ actual: 5, target: 12, playing: true, now: SYNC.seekIntervalMs }).kind).toBe('seek');
  });

  it('seeks to the exact frame when paused', () => {
    const c = new DriftCorrector();
    expect(c.decide({ actual: 3.5, target: 4, playing: false, now: 0 })).toEqual({ kind: 'seek', position: 4 });
  });
});

describe('dead band from the clock uncertainty', () => {
  it('corrects a 10 ms drift when the clock is known to ±2 ms, and not when it is known only to ±10 ms', () => {
    expect(new DriftCorrector().decide({ actual: 10.01, target: 10, playing: true, now: 0, uncertaintyMs: 2 }).kind).toBe('rate');
    expect(new DriftCorrector().decide({ actual: 10.01, target: 10, playing: true, now: 0, uncertaintyMs: 10 })).toEqual({ kind: 'none' });
  });

  it('keeps the band within its floor and ceiling, and falls back to the fixed band without an estimate', () => {
    expect(deadbandFor(0)).toBe(SYNC.deadbandMinS);
    expect(deadbandFor(1000)).toBe(SYNC.deadbandMaxS);
    expect(deadbandFor(undefined)).toBe(SYNC.deadbandS);
    expect(deadbandFor(Number.NaN)).toBe(SYNC.deadbandS);
    expect(deadbandFor(5)).toBeCloseTo(SYNC.deadbandMarginS + (SYNC.deadbandPerUncertainty * 5) / 1000, 6);
    // A clock known to ±0.5 ms (the server's resolution) corrects a 4 ms drift.
    expect(deadbandFor(0.5)).toBeLessThan(0.004);
  });
});

describe('room model', () => {
  const timeline = { node: 'intro', mediaAnchor: 0, serverAnchor: 1000, rate: 1, playing: true };
  const base = modelFromSnapshot({ room: 'r', story: 's', version: 1, hash: '', timeline, node: 'intro', phase: 'playing', ended: false, closed: false, vars: {} });

  it('predicts the next node at the announced instant, exactly as the server starts it', () => {
    let m = applyEvent(base, { type: 'choice-open', version: 2, node: 'intro', mode: 'vote', options: [{ id: 'a', label: 'A' }, { id: 'b', label: 'B' }], default: 'a', closes: 18 });
    m = applyTally(m, { t: 105, node: 'intro', counts: { a: 1, b: 2 }, total: 3 });
    expect(m.choice?.counts).toEqual({ a: 1, b: 2 });
    m = applyEvent(m, { type: 'switch', version: 3, node: 'intro', option: 'b', to: 'bee', atMedia: 20, counts: { a: 1, b: 2 } });
    expect(switchInstant(m)).toBe(21_000);
    expect(effectiveTimeline(m, 20_999).node).toBe('intro');
    expect(effectiveTimeline(m, 21_000)).toEqual({ node: 'bee', mediaAnchor: 0, serverAnchor: 21_000, rate: 1, playing: true });
    // A late tally never overwrites the final counts.
    expect(applyTally(m, { t: 105, node: 'intro', counts: { a: 9, b: 0 }, total: 9 }).choice?.counts).toEqual({ a: 1, b: 2 });
    m = applyEvent(m, { type: 'node', version: 4, node: 'bee', from: 'intro', option: 'b', timeline: { ...timeline, node: 'bee', mediaAnchor: 0, serverAnchor: 21_000 } });
    expect(m.pendingSwitch).toBeNull();
    expect(m.choice).toBeNull();
  });

  it('keeps comments of the current node, deduplicated and in media order', () => {
    let m = applyEvent(base, { type: 'comment', version: 2, id: 'c2', sub: 'v', node: 'intro', at: 5, text: 'b', t: 0 });
    m = applyEvent(m, { type: 'comment', version: 3, id: 'c1', sub: 'v', node: 'intro', at: 2, text: 'a', t: 0 });
    m = applyEvent(m, { type: 'comment', version: 4, id: 'c3', sub: 'v', node: 'other', at: 1, text: 'x', t: 0 });
    expect(m.comments.map((c) => c.id)).toEqual(['c1', 'c2']);
  });
});
