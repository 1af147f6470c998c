import { describe, expect, it } from 'vitest';
import { forceKeyFramesExpr } from './package-keyframes.ts';

describe('forceKeyFramesExpr', () => {
  it('forces the first frame and every segment boundary', () => {
    expect(forceKeyFramesExpr(2, [])).toBe('expr:if(isnan(prev_forced_t),1,gte(t,2*(floor(prev_forced_t/2+0.0005)+1)-0.0005))');
  });

  it('adds one term per off-grid cue, sorted and deduplicated; cues on the grid and at 0 need none', () => {
    const expr = forceKeyFramesExpr(2, [18, 3, 12, 0, 3, 5.5]);
    expect(expr.match(/\*lt\(prev_forced_t,/g)).toHaveLength(2);
    expect(expr).toContain('+gte(t,2.9995)*lt(prev_forced_t,2.9995)+gte(t,5.4995)*lt(prev_forced_t,5.4995))');
  });

  it('writes plain decimals, which ffmpeg expressions can parse', () => {
    expect(forceKeyFramesExpr(0.5, [1 / 3, 1e-7 + 1])).not.toMatch(/\de[-+]?\d/);
  });
});
