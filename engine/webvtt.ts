/**
 * A small, pure WebVTT reader: enough of the format for captions (header,
 * cue timings, cue text), with NOTE, STYLE and REGION blocks skipped. Used by
 * the validator (`bad-captions`) and by the player, so both read a file the
 * same way. Cue settings after the end time are accepted and ignored.
 */

export interface VttCue {
  /** Seconds on the node's media timeline. */
  start: number;
  end: number;
  /** Cue text lines joined with '\n'; markup such as `<i>` is kept as text. */
  text: string;
}

export type VttResult = { ok: true; cues: VttCue[] } | { ok: false; line: number; message: string };

/** Files above this are refused, so a hostile file cannot stall the validator or the page. */
export const MAX_VTT_CHARS = 2 * 1024 * 1024;

// hh:mm:ss.ttt (hours any number of digits) or mm:ss.ttt, as the WebVTT spec allows.
const TIME = /^(?:(\d+):)?([0-5]\d):([0-5]\d)\.(\d{3})$/;

export function parseVttTime(text: string): number | undefined {
  const m = TIME.exec(text);
  if (!m) return undefined;
  return Number(m[1] ?? 0) * 3600 + Number(m[2]) * 60 + Number(m[3]) + Number(m[4]) / 1000;
}

export function parseVtt(input: string): VttResult {
  if (input.length > MAX_VTT_CHARS) return { ok: false, line: 1, message: `file is larger than ${MAX_VTT_CHARS} characters` };
  const text = input.charCodeAt(0) === 0xfeff ? input.slice(1) : input;
  const lines = text.split(/\r\n|\r|\n/);
  // The header line is `WEBVTT`, optionally followed by a space or tab and free text.
  if (!/^WEBVTT(?:[ \t].*)?$/.test(lines[0] ?? '')) return { ok: false, line: 1, message: "missing the 'WEBVTT' header" };
  const cues: VttCue[] = [];
  let i = 1;
  // The header block runs to the first blank line.
  while (i < lines.length && lines[i] !== '') i++;
  while (i < lines.length) {
    while (i < lines.length && lines[i] === '') i++;
    if (i >= lines.length) break;
    const blockStart = i;
    const block: string[] = [];
    while (i < lines.length && lines[i] !== '') block.push(lines[i++]!);
    const first = block[0]!;
    if (/^(NOTE|STYLE|REGION)(?:[ \t]|$)/.test(first)) continue;
    // A cue may start with an identifier line; the timing line is the first containing '-->'.
    const timingAt = first.includes('-->') ? 0 : 1;
    const timing = block[timingAt];
    if (timing === undefined || !timing.includes('-->')) {
      return { ok: false, line: blockStart + 1 + Math.min(timingAt, block.length - 1), message: "expected a cue timing line 'start --> end'" };
    }
    const m = /^(\S+)[ \t]+-->[ \t]+(\S+)(?:[ \t].*)?$/.exec(timing);
    const start = m ? parseVttTime(m[1]!) : undefined;
    const end = m ? parseVttTime(m[2]!) : undefined;
    const lineNo = blockStart + 1 + timingAt;
    if (start === undefined || end === undefined) {
      return { ok: false, line: lineNo, message: `malformed cue timing '${timing}': use hh:mm:ss.ttt or mm:ss.ttt` };
    }
    if (end <= start) return { ok: false, line: lineNo, message: `cue ends (${m![2]}) at or before it starts (${m![1]})` };
    cues.push({ start, end, text: block.slice(timingAt + 1).join('\n') });
  }
  return { ok: true, cues };
}

/** The cues showing at `time` (start inclusive, end exclusive), in file order. */
export function activeCues(cues: readonly VttCue[], time: number): VttCue[] {
  return cues.filter((c) => c.start <= time && time < c.end);
}
