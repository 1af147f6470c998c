/**
 * What gets packaged: a media file, or an ffmpeg filter graph that generates
 * the picture and sound itself (the demo), so generating and packaging is one
 * ffmpeg run with no intermediate file.
 */
export type PackageInput =
  | { kind: 'file'; path: string; /** Frames per second of the input, from ffprobe; sets the GOP length. */ fps: number }
  | {
      kind: 'graph';
      /** A `-filter_complex` graph with source filters only, ending in the labels below. */
      graph: string;
      videoLabel: string;
      audioLabel: string;
      fps: number;
      /** Seconds; the output is cut to exactly this. */
      duration: number;
    };

/** The input cannot be packaged (e.g. it has no video stream). */
export class PackageInputError extends Error {
  override name = 'PackageInputError';
}
