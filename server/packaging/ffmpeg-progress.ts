/**
 * Reads ffmpeg's `-progress` reports (blocks of `key=value` lines, each
 * ending with `progress=continue` or `progress=end`) into a fraction of the
 * input done: `out_time_us` over the input's duration. Pure; feed it stdout
 * as it arrives, in chunks cut anywhere.
 */
export class FfmpegProgress {
  private pending = '';
  private last = 0;

  /** `durationSeconds`: of the input, from ffprobe; NaN or 0 reports nothing until the end. */
  constructor(private readonly durationSeconds: number, private readonly report: (fraction: number) => void) {}

  push(chunk: string): void {
    const lines = (this.pending + chunk).split('\n');
    this.pending = lines.pop() ?? '';
    // Bounded: a line without a newline never grows past one report line's worth.
    if (this.pending.length > 4096) this.pending = '';
    for (const line of lines) this.line(line.trim());
  }

  private line(line: string): void {
    const eq = line.indexOf('=');
    if (eq < 0) return;
    const key = line.slice(0, eq);
    const value = line.slice(eq + 1);
    if (key === 'progress' && value === 'end') return this.emit(1);
    // out_time_ms is microseconds too (an old ffmpeg misnomer); out_time_us is the newer name.
    if ((key === 'out_time_us' || key === 'out_time_ms') && /^\d+$/.test(value) && this.durationSeconds > 0) {
      // Below 1 until ffmpeg says it has ended: the muxer still writes after the last frame.
      this.emit(Math.min(0.99, Number(value) / 1e6 / this.durationSeconds));
    }
  }

  private emit(fraction: number): void {
    if (fraction <= this.last && fraction < 1) return;
    this.last = fraction;
    this.report(Math.round(fraction * 1000) / 1000);
  }
}
