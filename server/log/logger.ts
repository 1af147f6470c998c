/**
 * The server's logger: pino, one JSON object a line on stderr (or, when that
 * is a terminal, pino-pretty's readable lines, formatted in-process: no
 * transport, so no worker thread for the bundle to carry).
 *
 * Every line has `level`, `time` and `msg`; child loggers add `node` (cluster),
 * `room` and `conn` where they apply, so ids are fields, never text to parse.
 * Known secret fields are redacted; messages must not carry a token, key or a
 * URL's query (see safe-url.ts), because redaction cannot see inside text.
 */
import { pino, type DestinationStream } from 'pino';
import { prettyFactory } from 'pino-pretty';
import type { LogLevel } from './log-level.ts';

/** Ids a child logger stamps on each of its lines. */
export interface LogBindings {
  node?: string;
  room?: string;
  conn?: number | string;
  /** The part of the server speaking (cluster, uploads, media, …) when no id says it. */
  component?: string;
}

/** Extra structured fields of one line; an `err` field is serialized with its stack. */
export type LogFields = Record<string, unknown>;

export interface LogMethod {
  (message: string): void;
  (fields: LogFields, message: string): void;
}

/** What server code logs through (a pino logger fits it; tests pass silentLogger()). */
export interface Logger {
  error: LogMethod;
  warn: LogMethod;
  info: LogMethod;
  debug: LogMethod;
  trace: LogMethod;
  child(bindings: LogBindings): Logger;
}

/**
 * Field paths whose values are secrets wherever they appear: the censor
 * replaces them even if a call site passes one by mistake.
 */
export const REDACTED_PATHS: readonly string[] = [
  'token', 'key', 'adminKey', 'authorization', 'secret', 'password', 'uploadUrl', 'url', 'query',
  '*.token', '*.key', '*.adminKey', '*.authorization', '*.secret', '*.password', '*.uploadUrl', '*.url', '*.query',
  'headers.authorization', 'req.headers.authorization',
];

export interface LoggerOptions {
  level: LogLevel;
  /** Receives each finished line (JSON with a trailing newline, or a pretty one); default: stderr. */
  write?: (text: string) => void;
  /** Human-readable lines instead of JSON (for a terminal). */
  pretty?: boolean;
}

export function createLogger(options: LoggerOptions): Logger {
  const write = options.write ?? ((text: string) => void process.stderr.write(text));
  const prettify = options.pretty ? prettyFactory({ colorize: true, translateTime: 'SYS:HH:MM:ss.l', ignore: 'pid,hostname' }) : undefined;
  const destination: DestinationStream = { write: prettify ? (line) => write(prettify(line)) : write };
  return pino(
    {
      level: options.level,
      base: { pid: process.pid },
      timestamp: pino.stdTimeFunctions.isoTime,
      redact: { paths: [...REDACTED_PATHS], censor: '[redacted]' },
      serializers: { err: serializeError },
      formatters: { level: (label) => ({ level: label }) },
    },
    destination,
  );
}

/**
 * An error as a line shows it: its type, message, code and stack, and its
 * cause's, never its other properties (ioredis puts the failed command's
 * arguments on its errors, and those may be a key or a token's record).
 */
export function serializeError(error: unknown, depth = 0): unknown {
  if (!(error instanceof Error)) return typeof error === 'string' ? error.slice(0, 1000) : `thrown ${typeof error}`;
  const code = (error as { code?: unknown }).code;
  return {
    type: error.name,
    message: error.message.slice(0, 1000),
    ...(typeof code === 'string' || typeof code === 'number' ? { code } : {}),
    ...(error.stack ? { stack: error.stack.slice(0, 4000) } : {}),
    ...(error.cause !== undefined && depth < 3 ? { cause: serializeError(error.cause, depth + 1) } : {}),
  };
}

/** A logger that writes nothing (tests and tools that build server parts directly). */
export function silentLogger(): Logger {
  return pino({ level: 'silent' });
}
