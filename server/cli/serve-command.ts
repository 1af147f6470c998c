/** `branchcast serve`: run the HTTP/WebSocket server until SIGTERM or SIGINT. */
import { parseArgs } from 'node:util';
import { ConfigError, resolveServerConfig } from '../config.ts';
import { OriginPatternError } from '../http/cors-policy.ts';
import { resolveLogLevel } from '../log/log-level.ts';
import { createLogger } from '../log/logger.ts';
import { createServer, ListenError } from '../server.ts';
import { DataDirLockedError, lockDataDir } from '../store/data-dir-lock.ts';
import { EXIT_OK, UsageError, type CliCommand } from './command.ts';
import { installProcessSafetyNet } from './process-safety-net.ts';

/** Exit code when the server cannot start (e.g. the port is taken), or stopped after an uncaught exception. */
const EXIT_START_FAILED = 1;

export const serveCommand: CliCommand = async (argv, io) => {
  const { values } = parseArgs({
    args: argv,
    options: {
      port: { type: 'string' },
      host: { type: 'string' },
      data: { type: 'string' },
      media: { type: 'string' },
      'allow-origin': { type: 'string', multiple: true },
      'admin-key': { type: 'string' },
      stories: { type: 'string' },
      'public-url': { type: 'string' },
      'word-filter': { type: 'string' },
      redis: { type: 'string' },
      'node-id': { type: 'string' },
      'redis-prefix': { type: 'string' },
      'lease-ms': { type: 'string' },
      'no-play-analytics': { type: 'boolean' },
      'log-level': { type: 'string' },
    },
    allowPositionals: false,
    strict: true,
  });

  let config;
  let logLevel;
  try {
    config = resolveServerConfig(values, process.env, io.cwd);
    logLevel = resolveLogLevel(values['log-level'], process.env);
  } catch (error) {
    if (error instanceof ConfigError) throw new UsageError(error.message);
    throw error;
  }
  // Before anything opens the data directory: two servers on one directory would corrupt its logs.
  let lock;
  try {
    lock = await lockDataDir(config.dataDir);
  } catch (error) {
    if (!(error instanceof DataDirLockedError)) throw error;
    io.err(`branchcast serve: ${error.message}\n`);
    return EXIT_START_FAILED;
  }

  // JSON lines for collectors; readable ones when a person watches the terminal.
  const logger = createLogger({ level: logLevel, write: io.err, pretty: process.stderr.isTTY === true });
  let server;
  try {
    server = createServer(config, { logger });
  } catch (error) {
    await lock.release();
    if (error instanceof ConfigError || error instanceof OriginPatternError) throw new UsageError(error.message);
    throw error;
  }

  // Install the handlers before listening, so an early SIGTERM is still graceful.
  let onSignal: (signal: NodeJS.Signals) => void = () => undefined;
  const stopSignal = new Promise<NodeJS.Signals>((resolve) => (onSignal = resolve));
  process.once('SIGTERM', onSignal);
  process.once('SIGINT', onSignal);
  const safetyNet = installProcessSafetyNet(server.context.contained, (line) => logger.error(line));
  const tearDown = async (): Promise<void> => {
    await server.close();
    await lock.release();
    safetyNet.uninstall();
    // Our handlers replace Node's default exit on a signal: leave none behind.
    process.off('SIGTERM', onSignal);
    process.off('SIGINT', onSignal);
  };

  try {
    const { url } = await server.listen();
    io.out(`branchcast listening on ${url}\n`);
  } catch (error) {
    // Any failure to start (a taken port, a backend that cannot open, a bug in
    // composing the routes) closes what was opened and exits. Rethrowing instead
    // left a process that held its half-opened backend's handles and, with the
    // signal handlers above installed, ignored SIGTERM.
    const reason = error instanceof ListenError ? error.message : `could not start: ${error instanceof Error ? error.message : String(error)}`;
    if (!(error instanceof ListenError)) logger.error({ err: error }, 'branchcast: start failed');
    io.err(`branchcast serve: ${reason}\n`);
    await tearDown();
    return EXIT_START_FAILED;
  }

  const stop = await Promise.race([stopSignal, safetyNet.fatal.then(() => 'fatal' as const)]);
  if (stop !== 'fatal') logger.info({ signal: stop }, `branchcast: ${stop} received, shutting down`);
  await tearDown();
  return stop === 'fatal' ? EXIT_START_FAILED : EXIT_OK;
};
