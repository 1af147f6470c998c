/**
 * `branchcast demo` (what `npm start` runs): make sure the demo story has its
 * media, check the story, then hand over to `branchcast serve` on that media
 * root, so the demo runs the very server, flags and shutdown users get.
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { relative, resolve, sep } from 'node:path';
import { parseArgs } from 'node:util';
import { defaultText, parseStory } from '../../engine/index.ts';
import { ConfigError, resolveServerConfig } from '../config.ts';
import { generateDemoMedia } from '../packaging/demo-media.ts';
import { ffmpegTools } from '../packaging/ffmpeg-tools.ts';
import { storyMediaNodes } from '../packaging/package-story-nodes.ts';
import { EXIT_FINDINGS, UsageError, type CliCommand } from './command.ts';
import { DEFAULT_DEMO_STORY, reportMediaError, whileInterruptible } from './media-command.ts';
import { serveCommand } from './serve-command.ts';
import { formatDiagnostic } from './story-file.ts';

/** The line `serve` prints once it listens (test/support/server-process.ts waits for it too). */
const LISTENING = /branchcast listening on (http:\/\/\S+)/;

export const demoCommand: CliCommand = async (argv, io) => {
  const { story: storyFlag, force, serveArgs } = splitDemoArgs(argv);
  // Only --media matters before serving; serve parses (and rejects) the rest itself.
  const { values } = parseArgs({ args: serveArgs, options: { media: { type: 'string' } }, strict: false, allowPositionals: true });
  let mediaDir: string;
  try {
    mediaDir = resolveServerConfig({ media: typeof values.media === 'string' ? values.media : undefined }, process.env, io.cwd).mediaDir;
  } catch (error) {
    if (error instanceof ConfigError) throw new UsageError(error.message);
    throw error;
  }
  const storyPath = resolve(io.cwd, storyFlag ?? DEFAULT_DEMO_STORY);
  const storyName = relative(io.cwd, storyPath) || storyPath;

  // 1. Media: generated on the first run, skipped while newer than the story.
  const tools = ffmpegTools();
  io.out(`preparing demo media in ${mediaDir} with ${tools.ffmpeg}${tools.source?.ffmpeg === 'npm' ? ' (the static build from npm; `branchcast doctor` tells more)' : ''}\n`);
  try {
    const started = performance.now();
    const items = await whileInterruptible((signal) =>
      generateDemoMedia({ tools, storyPath, mediaRoot: mediaDir, force, log: (line) => io.out(`  ${line}\n`), signal }),
    );
    const generated = items.filter((i) => i.action === 'generated').length;
    io.out(`  ${generated} generated, ${items.length - generated} up to date (${((performance.now() - started) / 1000).toFixed(1)} s)\n`);
  } catch (error) {
    return reportMediaError(error, io);
  }

  // 2. The story itself, including that every media file now exists.
  const text = await readFile(storyPath, 'utf8');
  const exists = (src: string): boolean => resolve(mediaDir, src).startsWith(mediaDir + sep) && existsSync(resolve(mediaDir, src));
  const { story, diagnostics } = parseStory(text, { media: { exists } });
  for (const d of diagnostics) io.err(`${formatDiagnostic(storyName, d)}\n`);
  if (story === undefined) {
    io.err(`branchcast demo: ${storyName} has errors; not serving it\n`);
    return EXIT_FINDINGS;
  }
  io.out(`validated ${storyName}: ok, ${diagnostics.length} warning(s)\n`);

  // 3. The real server, with the demo's URLs printed once it listens.
  const args = values.media === undefined ? ['--media', mediaDir, ...serveArgs] : serveArgs;
  return serveCommand(args, {
    ...io,
    out: (line) => {
      io.out(line);
      const url = LISTENING.exec(line)?.[1];
      if (url === undefined) return;
      io.out(`\n  open ${url}/ in a browser: paste the operator key printed above, pick "${defaultText(story.title, story)}",\n  and you get the host console and a viewer link (open it in several tabs).\n`);
      io.out(`  or watch it alone, making every choice yourself (no room, no key): ${url}/play/${encodeURIComponent(story.id)}\n\n`);
      io.out(`  health: ${url}/healthz\n`);
      for (const { id, node } of storyMediaNodes(story)) {
        io.out(`  ${id === story.start ? 'start' : 'node '}  ${id.padEnd(10)} ${url}/media/${node.media.src}\n`);
      }
      io.out('stop with Ctrl-C\n');
    },
  });
};

/** Splits off the demo's own flags; everything else is `serve`'s, passed through untouched. */
function splitDemoArgs(argv: string[]): { story: string | undefined; force: boolean; serveArgs: string[] } {
  let story: string | undefined;
  let force = false;
  const serveArgs: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--force') force = true;
    else if (arg.startsWith('--story=')) story = arg.slice('--story='.length);
    else if (arg === '--story') {
      story = argv[++i];
      if (story === undefined || story.startsWith('--')) throw new UsageError("option '--story FILE' needs a value");
    } else serveArgs.push(arg);
  }
  return { story, force, serveArgs };
}
