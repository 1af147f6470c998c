import { EXIT_USAGE, UsageError, type CliCommand, type CliIO } from './command.ts';

/**
 * Subcommands are loaded lazily so `branchcast validate` never pays for
 * loading uWebSockets.js or ffmpeg helpers.
 */
const commands: Record<string, { summary: string; load: () => Promise<CliCommand> }> = {
  validate: { summary: 'validate FILE... [--json] [--media-root DIR]', load: async () => (await import('./validate-command.ts')).validateCommand },
  import: { summary: 'import FILE.twee [--out FILE] [--json] [--mode timer|vote|host]   convert a Twine (Twee 3) story', load: async () => (await import('./import-command.ts')).importCommand },
  compile: { summary: 'compile FILE            print the XState machine config as JSON', load: async () => (await import('./compile-command.ts')).compileCommand },
  graph: { summary: 'graph FILE --format mermaid|dot', load: async () => (await import('./graph-command.ts')).graphCommand },
  paths: { summary: 'paths FILE              every reachable ending with a shortest path', load: async () => (await import('./paths-command.ts')).pathsCommand },
  serve: { summary: 'serve [--port 8080] [--host 127.0.0.1] [--data ./data] [--media DIR]', load: async () => (await import('./serve-command.ts')).serveCommand },
  media: { summary: 'media package INPUT --out DIR | media demo', load: async () => (await import('./media-command.ts')).mediaCommand },
  demo: { summary: 'demo                    prepare demo media and start the server on it', load: async () => (await import('./demo-command.ts')).demoCommand },
  rooms: { summary: 'rooms export ROOM [--data DIR | --redis URL] > room.bcr | rooms import FILE.bcr [--data DIR | --redis URL] [--as NEWID]', load: async () => (await import('./rooms-command.ts')).roomsCommand },
  doctor: { summary: 'doctor [--json]         what was found (ffmpeg, Chromium, Redis), what for, how to install the rest', load: async () => (await import('./doctor-command.ts')).doctorCommand },
};

function usage(): string {
  const lines = Object.values(commands).map((c) => `  branchcast ${c.summary}`);
  return `usage:\n${lines.join('\n')}\n`;
}

/** Runs one CLI invocation and returns its exit code (0 ok, 1 findings, 2 usage or I/O error). */
export async function main(argv: string[], io: CliIO = defaultIO()): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    io.out(usage());
    return name === undefined ? EXIT_USAGE : 0;
  }
  const command = commands[name];
  if (!command) {
    io.err(`branchcast: unknown command '${name}'\n${usage()}`);
    return EXIT_USAGE;
  }
  try {
    return await (await command.load())(rest, io);
  } catch (error) {
    if (error instanceof UsageError || (error instanceof TypeError && 'code' in error && String(error.code).startsWith('ERR_PARSE_ARGS'))) {
      io.err(`branchcast ${name}: ${error.message}\n  usage: branchcast ${command.summary}\n`);
      return EXIT_USAGE;
    }
    throw error;
  }
}

function defaultIO(): CliIO {
  return {
    out: (text) => process.stdout.write(text),
    err: (text) => process.stderr.write(text),
    cwd: process.cwd(),
  };
}
