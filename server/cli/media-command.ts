/** `branchcast media package|demo`: DASH packaging with cue-aligned keyframes, and the demo's synthetic media. */
import { readFile } from 'node:fs/promises';
import { relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { DEFAULT_DATA_DIR, DEFAULT_MEDIA_DIR } from '../config.ts';
import { generateDemoMedia } from '../packaging/demo-media.ts';
import { assertFfmpegAvailable } from '../packaging/ffmpeg-check.ts';
import { FfmpegFailedError, FfmpegMissingError } from '../packaging/ffmpeg-errors.ts';
import { ffmpegTools } from '../packaging/ffmpeg-tools.ts';
import { CaptionsArgError, placeCaptions, readCaptionArgs } from '../packaging/package-captions.ts';
import { PackageInputError } from '../packaging/package-input.ts';
import { packageMedia } from '../packaging/package-media.ts';
import { DASH_CODECS, PackageOptionsError, type DashCodec, type PackageOptions } from '../packaging/package-options.ts';
import { OutputExistsError } from '../packaging/package-staging.ts';
import { parseStoryForMedia, StoryMediaError } from '../packaging/package-story-nodes.ts';
import { storyNodeTarget, type StoryNodeTarget } from '../packaging/story-node-target.ts';
import { finishedUploadPath } from '../packaging/upload-input.ts';
import { InvalidUploadIdError } from '../uploads/index.ts';
import { EXIT_OK, EXIT_USAGE, UsageError, type CliCommand, type CliIO } from './command.ts';

export const DEFAULT_DEMO_STORY = 'stories/demo.json';

/** Shell convention for "stopped by SIGINT". */
const EXIT_INTERRUPTED = 130;

export const mediaCommand: CliCommand = async (argv, io) => {
  const [sub, ...rest] = argv;
  try {
    if (sub === 'package') return await packageSubcommand(rest, io);
    if (sub === 'demo') return await demoSubcommand(rest, io);
  } catch (error) {
    return reportMediaError(error, io);
  }
  throw new UsageError(sub === undefined ? 'missing subcommand (package or demo)' : `unknown subcommand '${sub}' (package or demo)`);
};

/**
 * Prints the errors a user can act on as one message and returns exit 2;
 * anything else is a bug and propagates with its stack.
 */
export function reportMediaError(error: unknown, io: CliIO): number {
  if (error instanceof UsageError || isParseArgsError(error)) throw error;
  if (error instanceof PackageOptionsError || error instanceof CaptionsArgError) throw new UsageError(error.message);
  if (error instanceof FfmpegFailedError && (error.cause as Error | undefined)?.name === 'AbortError') {
    io.err('branchcast media: interrupted; nothing half-written was left behind\n');
    return EXIT_INTERRUPTED;
  }
  if (error instanceof FfmpegFailedError) {
    // The message already ends with ffmpeg's last line; show the lines before it for context.
    io.err(`branchcast media: ${error.message}\n${indent(lastLines(error.stderr, 15, 1))}`);
    return EXIT_USAGE;
  }
  if (
    error instanceof FfmpegMissingError || error instanceof OutputExistsError || error instanceof PackageInputError ||
    error instanceof StoryMediaError || error instanceof InvalidUploadIdError || isFsError(error)
  ) {
    io.err(`branchcast media: ${(error as Error).message}\n`);
    return EXIT_USAGE;
  }
  throw error;
}

async function packageSubcommand(argv: string[], io: CliIO): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    options: {
      out: { type: 'string' },
      upload: { type: 'string' },
      data: { type: 'string' },
      story: { type: 'string' },
      node: { type: 'string' },
      media: { type: 'string' },
      segment: { type: 'string' },
      cues: { type: 'string' },
      codec: { type: 'string' },
      force: { type: 'boolean' },
      captions: { type: 'string', multiple: true },
    },
    allowPositionals: true,
    strict: true,
  });
  if (positionals.length > 1) throw new UsageError(`one INPUT at a time, got ${positionals.length}`);
  const [inputArg] = positionals;
  if ((inputArg === undefined) === (values.upload === undefined)) throw new UsageError('give exactly one of INPUT or --upload ID');
  if ((values.out === undefined) === (values.node === undefined)) throw new UsageError('give exactly one of --out DIR or --story FILE --node ID');
  if ((values.node === undefined) !== (values.story === undefined)) throw new UsageError('--story and --node go together');

  const options: Partial<PackageOptions> = {
    segment: values.segment === undefined ? 2 : parseSeconds(values.segment, '--segment'),
    cues: values.cues === undefined ? [] : values.cues.split(',').filter((c) => c.trim() !== '').map((c) => parseSeconds(c, '--cues')),
    codec: parseCodec(values.codec),
  };
  const captions = await readCaptionArgs(values.captions ?? [], io.cwd);
  const tools = ffmpegTools();
  await assertFfmpegAvailable(tools);
  const input = inputArg !== undefined ? resolve(io.cwd, inputArg) : (await finishedUploadPath(dataDir(values.data, io.cwd), values.upload!)).path;
  let outDir = values.out === undefined ? '' : resolve(io.cwd, values.out);
  let nodeDuration: number | undefined;
  if (values.story !== undefined) {
    const target = await storyFileNodeTarget(resolve(io.cwd, values.story), values.node!, mediaDir(values.media, io.cwd));
    outDir = target.outDir;
    nodeDuration = target.duration;
    options.manifestName = target.manifestName;
    options.cues = [...options.cues!, ...target.cues];
  }

  const started = performance.now();
  const result = await whileInterruptible((signal) => packageMedia({ tools, input, outDir, options, replace: values.force ?? false, signal }));
  const placed = await placeCaptions(outDir, captions);
  const segments = result.files.filter((f) => f.startsWith(`${result.version}/chunk-`)).length;
  const cues = [...new Set(options.cues)].filter((c) => c > 0 && c < result.duration).sort((a, b) => a - b);
  // Cue times in the story assume the node's duration; a clip of another length shifts or loses them.
  if (nodeDuration !== undefined && Math.abs(result.duration - nodeDuration) > 0.1) {
    io.err(`branchcast media: warning: the input lasts ${fmt(result.duration)} s but node '${values.node}' declares ${nodeDuration} s; update media.duration or the cues\n`);
  }
  io.out(
    `packaged ${values.upload !== undefined ? `upload ${values.upload}` : inputArg} → ${result.manifest}\n` +
      (result.hls ? `  and HLS → ${result.hls}\n` : '') +
      `  ${options.codec === 'vp9' ? 'VP9/Opus WebM DASH' : 'H.264/AAC fMP4 DASH + HLS'}, ${fmt(result.duration)} s, ${segments} segment files of ${options.segment} s in ${result.version}/\n` +
      `  keyframes at every segment boundary${cues.length ? ` and at ${cues.join(', ')} s` : ''}\n` +
      (placed.length ? `  captions ${placed.join(', ')} (list them in the node's media.captions)\n` : '') +
      `  took ${((performance.now() - started) / 1000).toFixed(1)} s\n`,
  );
  return EXIT_OK;
}

async function demoSubcommand(argv: string[], io: CliIO): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: { story: { type: 'string' }, media: { type: 'string' }, force: { type: 'boolean' } },
    allowPositionals: false,
    strict: true,
  });
  const mediaRoot = mediaDir(values.media, io.cwd);
  const storyPath = resolve(io.cwd, values.story ?? DEFAULT_DEMO_STORY);
  const started = performance.now();
  const items = await whileInterruptible((signal) =>
    generateDemoMedia({ tools: ffmpegTools(), storyPath, mediaRoot, force: values.force ?? false, log: (line) => io.out(`  ${line}\n`), signal }),
  );
  const generated = items.filter((i) => i.action === 'generated').length;
  io.out(
    `demo media for ${relative(io.cwd, storyPath) || storyPath} in ${mediaRoot}: ` +
      `${generated} generated, ${items.length - generated} up to date (${((performance.now() - started) / 1000).toFixed(1)} s)\n`,
  );
  return EXIT_OK;
}

/**
 * Runs `work` with a signal that fires on SIGINT/SIGTERM, so Ctrl-C kills the
 * ffmpeg children and removes their staging folders instead of orphaning
 * encoders that keep writing after we exit.
 */
export async function whileInterruptible<T>(work: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const controller = new AbortController();
  const abort = (): void => controller.abort();
  process.once('SIGINT', abort);
  process.once('SIGTERM', abort);
  try {
    return await work(controller.signal);
  } finally {
    process.off('SIGINT', abort);
    process.off('SIGTERM', abort);
  }
}

/** Output folder, manifest name, duration and cue keyframes of one node of a story file. */
async function storyFileNodeTarget(storyPath: string, nodeId: string, mediaRoot: string): Promise<StoryNodeTarget> {
  return storyNodeTarget(parseStoryForMedia(await readFile(storyPath, 'utf8'), storyPath), nodeId, mediaRoot);
}

function dataDir(flag: string | undefined, cwd: string): string {
  return resolve(cwd, flag ?? (process.env.DATA_DIR || DEFAULT_DATA_DIR));
}

function mediaDir(flag: string | undefined, cwd: string): string {
  return resolve(cwd, flag ?? (process.env.MEDIA_DIR || DEFAULT_MEDIA_DIR));
}

function parseSeconds(raw: string, flag: string): number {
  const n = Number(raw.trim());
  if (raw.trim() === '' || !Number.isFinite(n) || n < 0) throw new UsageError(`${flag}: '${raw}' is not a number of seconds`);
  return n;
}

function parseCodec(raw: string | undefined): DashCodec {
  if (raw === undefined) return 'h264';
  if (!(DASH_CODECS as readonly string[]).includes(raw)) throw new UsageError(`--codec must be one of ${DASH_CODECS.join(', ')}`);
  return raw as DashCodec;
}

function isParseArgsError(error: unknown): boolean {
  return error instanceof TypeError && 'code' in error && String(error.code).startsWith('ERR_PARSE_ARGS');
}

function isFsError(error: unknown): error is NodeJS.ErrnoException {
  return error instanceof Error && typeof (error as NodeJS.ErrnoException).code === 'string' && 'syscall' in error;
}

function fmt(seconds: number): string {
  return Number.isFinite(seconds) ? seconds.toFixed(2) : '?';
}

function lastLines(text: string, n: number, skipLast: number): string {
  const lines = text.trim().split('\n');
  return lines.slice(Math.max(0, lines.length - n - skipLast), lines.length - skipLast).join('\n');
}

function indent(text: string): string {
  return text ? `${text.replace(/^/gm, '  ')}\n` : '';
}
