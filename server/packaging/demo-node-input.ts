import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { PackageInput } from './package-input.ts';

/**
 * Font for burned-in labels: DejaVu Sans from the `dejavu-fonts-ttf` npm
 * package (free licence, see its LICENSE), so no system font package is assumed.
 */
export const DEMO_FONT = join(dirname(createRequire(import.meta.url).resolve('dejavu-fonts-ttf/package.json')), 'ttf', 'DejaVuSans.ttf');

const WIDTH = 640;
const HEIGHT = 360;
const FPS = 25;

// One background colour, pattern hue and tone per node, so a viewer (or a
// screenshot in a failing test) can tell at a glance which branch is playing.
const COLOURS = ['0x1f4e79', '0x7b1f1f', '0x1f6b3a', '0x6b4f1f', '0x4b1f6b', '0x1f6b6b', '0x6b1f55', '0x3d3d3d'];
const TONES_HZ = [440, 554, 659, 784, 880, 988, 1109, 1319];

/**
 * The synthetic clip for one story node as a filter graph: a coloured
 * background with a hue-shifted testsrc2 (moving, so frozen playback is
 * obvious), the node id and a running timecode burned in, and a sine tone.
 * Exactly `duration` seconds long at 640x360, 25 fps.
 *
 * @param index position of the node in the story, picks colour, hue and tone
 */
export function demoNodeInput(nodeId: string, index: number, duration: number, font: string = DEMO_FONT): PackageInput {
  const colour = COLOURS[index % COLOURS.length]!;
  const tone = TONES_HZ[index % TONES_HZ.length]! * (1 + Math.floor(index / TONES_HZ.length));
  const hue = (index * 67) % 360;
  const d = String(duration);
  const fontfile = escapeFilterValue(font);
  const label = escapeFilterValue(nodeId);
  const graph = [
    `color=c=${colour}:s=${WIDTH}x${HEIGHT}:r=${FPS}:d=${d}[bg]`,
    `testsrc2=s=256x144:r=${FPS}:d=${d},hue=h=${hue}[pattern]`,
    `[bg][pattern]overlay=x=W-w-24:y=H-h-24,` +
      `drawtext=fontfile=${fontfile}:text=${label}:expansion=none:fontsize=56:fontcolor=white:x=32:y=32:box=1:boxcolor=black@0.55:boxborderw=12,` +
      // timecode HH:MM:SS:FF counts frames from 0 at the start of the node.
      `drawtext=fontfile=${fontfile}:timecode=${escapeFilterValue('00:00:00:00')}:rate=${FPS}:fontsize=36:fontcolor=white:x=32:y=H-th-32:box=1:boxcolor=black@0.55:boxborderw=8[v]`,
    `sine=f=${tone}:r=48000:d=${d},volume=0.25[a]`,
  ].join(';');
  return { kind: 'graph', graph, videoLabel: 'v', audioLabel: 'a', fps: FPS, duration };
}

/**
 * Escapes a value for a filter option: first for the option parser (`\` `'` `:`),
 * then for the graph parser (`\` `'` `,` `;` `[` `]`), as ffmpeg-filters(1) describes.
 */
function escapeFilterValue(value: string): string {
  const option = value.replace(/[\\':]/g, (c) => `\\${c}`);
  return option.replace(/[\\',;[\]]/g, (c) => `\\${c}`);
}
