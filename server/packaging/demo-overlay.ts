import { runFfmpegTool } from './ffmpeg-run.ts';
import type { FfmpegTools } from './ffmpeg-tools.ts';

// Two elliptical lenses, a bridge and the temple stubs, on a transparent
// canvas; lenses slightly see-through with a tinted top edge, like real shades.
const INSIDE_LENS = 'max(lte(hypot((X-105)/85,(Y-85)/60),1),lte(hypot((X-295)/85,(Y-85)/60),1))';
const FRAME_BARS = 'max(between(X,180,220)*between(Y,60,75),max(between(X,0,30)*between(Y,55,68),between(X,370,400)*between(Y,55,68)))';
const SHADES_GRAPH =
  'color=c=black@0:s=400x160,format=rgba,' +
  `geq=r='if(lt(Y,45),70,14)':g='14':b='if(lt(Y,45),90,28)':a='if(${FRAME_BARS},255,if(${INSIDE_LENS},225,0))'`;

/**
 * Writes the demo's AR try-on overlay (a pair of sunglasses, 400x160 RGBA
 * PNG with a transparent background) to `path`, drawn by ffmpeg so the repo
 * carries no binary assets.
 */
export async function writeDemoOverlay(tools: FfmpegTools, path: string): Promise<void> {
  await runFfmpegTool(tools.ffmpeg, [
    '-hide_banner', '-nostdin', '-loglevel', 'error', '-y',
    '-f', 'lavfi', '-i', SHADES_GRAPH,
    '-frames:v', '1', '-update', '1', '-f', 'image2', '-c:v', 'png', `file:${path}`,
  ]);
}
