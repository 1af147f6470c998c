/** A real pino logger whose JSON lines a test can read back (server/log/logger.ts). */
import { createLogger, type Logger } from '../../server/log/logger.ts';
import type { LogLevel } from '../../server/log/log-level.ts';

/** One parsed log line: pino's fields plus the bindings and fields of the call. */
export interface LogLine {
  level: string;
  msg: string;
  [field: string]: unknown;
}

export function recordingLogger(level: LogLevel = 'debug'): { logger: Logger; lines: LogLine[] } {
  const lines: LogLine[] = [];
  const logger = createLogger({ level, write: (text) => lines.push(JSON.parse(text) as LogLine) });
  return { logger, lines };
}

/** Parses the JSON lines in a process's output, skipping anything else it printed. */
export function parseLogLines(output: string): LogLine[] {
  const lines: LogLine[] = [];
  for (const text of output.split('\n')) {
    if (!text.startsWith('{')) continue;
    try {
      const value = JSON.parse(text) as unknown;
      if (typeof value === 'object' && value !== null && 'msg' in value && 'level' in value) lines.push(value as LogLine);
    } catch {
      // not a log line
    }
  }
  return lines;
}
