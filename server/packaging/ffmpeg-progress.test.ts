import { describe, expect, it } from 'vitest';
import { FfmpegProgress } from './ffmpeg-progress.ts';

describe('FfmpegProgress', () => {
  it('turns out_time_us over the duration into a rising fraction, 1 only at progress=end', () => {
    const seen: number[] = [];
    const progress = new FfmpegProgress(10, (f) => seen.push(f));
    progress.push('frame=10\nout_time_us=2500000\nout_time_ms=2500000\nprogress=continue\nout_ti');
    progress.push('me_us=5000000\nprogress=continue\nout_time_us=4000000\n');
    progress.push('out_time_us=12000000\nprogress=continue\nprogress=end\n');
    expect(seen).toEqual([0.25, 0.5, 0.99, 1]);
  });

  it('reports only the end when the duration is unknown, and ignores junk', () => {
    const seen: number[] = [];
    const progress = new FfmpegProgress(NaN, (f) => seen.push(f));
    progress.push('out_time_us=N/A\nbitrate=N/A\nnonsense\n' + 'x'.repeat(10_000));
    progress.push('\nout_time_us=1000000\nprogress=end\n');
    expect(seen).toEqual([1]);
  });
});
