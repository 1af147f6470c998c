/**
 * `branchcast demo` (what `npm start` runs): make sure the demo story has its
 * media, check the story, then serve it with the real server until SIGTERM/SIGINT.
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { relative, resolve, sep } from 'node:path';
import { parseArgs } from 'node:util';
import { hasErrors, validateStory } from '../../engine/index.ts';
import { ConfigError, resolveServerConfig } from '../config.ts';
import { OriginPatternError } from '../http/cors-policy.ts';
import { generateDemoMedia } from '../media/demo-media.ts';
import { ffmpegTools } from '../media/ffmpeg-tools.ts';
import { parseStoryForMedia, storyMediaNodes } from '../media/package-story-nodes.ts';
import { createServer, ListenError } from '../server.ts';
import { EXIT_FINDINGS, EXIT_OK, UsageError, type CliCommand } from './command.ts';
import { DEFAULT_DEMO_STORY, reportMediaError, whileInterruptible } from './media-command.ts';
import { formatDiagnostic } from './story-file.ts';

/** Exit code when the server cannot start (same as `serve`). */
const EXIT_START_FAILED = 1;

export const demoCommand: CliCommand = async (argv, io) => {
  const { values } = parseArgs({
    args: argv,
    options: {
      port: { type: 'string' },
      host: { type: 'string' },
      data: { type: 'string' },
      media: { type: 'string' },
      story: { type: 'string' },
      'allow-origin': { type: 'string', multiple: true },
      force: { type: 'boolean' },
    },
    allowPositionals: false,
    strict: true,
  });
  const { story: storyFlag, force, ...serveFlags } = values;
  let config;
  try {
    config = resolveServerConfig(serveFlags, process.env, io.cwd);
  } catch (error) {
    if (error instanceof ConfigError) throw new UsageError(error.message);
    throw error;
  }
  const storyPath = resolve(io.cwd, storyFlag ?? DEFAULT_DEMO_STORY);
  const storyName = relative(io.cwd, storyPath) || storyPath;

  // 1. Media: generated on the first run, skipped when newer than the story.
  io.out(`preparing demo media in ${config.mediaDir}\n`);
  try {
    const started = performance.now();
    const items = await whileInterruptible((signal) =>
      generateDemoMedia({ tools: ffmpegTools(), storyPath, mediaRoot: config.mediaDir, force: force ?? false, log: (line) => io.out(`  ${line}\n`), signal }),
    );
    const generated = items.filter((i) => i.action === 'generated').length;
    io.out(`  ${generated} generated, ${items.length - generated} up to date (${((performance.now() - started) / 1000).toFixed(1)} s)\n`);
  } catch (error) {
    return reportMediaError(error, io);
  }

  // 2. The story itself, including that every media file now exists.
  const text = await readFile(storyPath, 'utf8');
  const root = config.mediaDir;
  const diagnostics = validateStory(text, { media: { exists: (src) => resolve(root, src).startsWith(root + sep) && existsSync(resolve(root, src)) } });
  for (const d of diagnostics) io.err(`${formatDiagnostic(storyName, d)}\n`);
  if (hasErrors(diagnostics)) {
    io.err(`branchcast demo: ${storyName} has errors; not serving it\n`);
    return EXIT_FINDINGS;
  }
  io.out(`validated ${storyName}: ok, ${diagnostics.length} warning(s)\n`);

  // 3. The real server on that media root.
  let server;
  try {
    server = createServer(config, { log: (line) => io.err(`${line}\n`) });
  } catch (error) {
    if (error instanceof OriginPatternError) throw new UsageError(error.message);
    throw error;
  }
  // Installed before listening, so an early SIGTERM is still graceful.
  const stopSignal = new Promise<NodeJS.Signals>((done) => {
    process.once('SIGTERM', done);
    process.once('SIGINT', done);
  });
  let url: string;
  try {
    ({ url } = await server.listen());
  } catch (error) {
    if (!(error instanceof ListenError)) throw error;
    io.err(`branchcast demo: ${error.message}\n`);
    await server.close();
    return EXIT_START_FAILED;
  }
  const story = parseStoryForMedia(text, storyPath);
  io.out(`branchcast listening on ${url}\n  health: ${url}/healthz\n`);
  for (const { id } of storyMediaNodes(story)) {
    io.out(`  ${id === story.start ? 'start ' : 'node  '} ${id.padEnd(10)} ${url}/media/${story.nodes[id]!.media.src}\n`);
  }
  io.out('stop with Ctrl-C\n');

  const signal = await stopSignal;
  io.err(`branchcast: ${signal} received, shutting down\n`);
  await server.close();
  return EXIT_OK;
};
