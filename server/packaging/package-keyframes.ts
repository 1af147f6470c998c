/**
 * Builds ffmpeg's `-force_key_frames` expression that puts a keyframe on
 * every segment boundary (0, S, 2S, …) and on each cue time.
 *
 * Why an expression rather than a time list: a list needs the input's
 * duration up front, and `n_forced*S` (the usual idiom) drifts once cue
 * keyframes are counted too. Instead each frame asks "have we passed the next
 * boundary, or a cue, since the last forced keyframe?". The small epsilon
 * absorbs timestamps like 11.99999 for a frame meant to be at 12.
 *
 * @example forceKeyFramesExpr(2, [3]) // 'expr:if(isnan(prev_forced_t),1,gte(t,2*(floor(...)+1)-0.0005)+…)'
 */
export function forceKeyFramesExpr(segment: number, cues: readonly number[]): string {
  const eps = 0.0005;
  const terms = [`gte(t,${num(segment)}*(floor(prev_forced_t/${num(segment)}+${eps})+1)-${eps})`];
  for (const cue of uniqueCues(segment, cues)) {
    terms.push(`gte(t,${num(cue - eps)})*lt(prev_forced_t,${num(cue - eps)})`);
  }
  return `expr:if(isnan(prev_forced_t),1,${terms.join('+')})`;
}

/** Cue times that are not already segment boundaries, deduplicated and sorted. */
function uniqueCues(segment: number, cues: readonly number[]): number[] {
  const offGrid = cues.filter((c) => c > 0 && Math.abs(c / segment - Math.round(c / segment)) > 1e-6);
  return [...new Set(offGrid)].sort((a, b) => a - b);
}

/** Plain decimal: ffmpeg's expression parser does not read `1e-7`. */
function num(n: number): string {
  return String(Math.round(n * 1e6) / 1e6);
}
