/** The log level: `--log-level`, else `LOG_LEVEL`, else info. */
import { ConfigError } from '../config.ts';

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export const DEFAULT_LOG_LEVEL: LogLevel = 'info';

function isLogLevel(value: string): value is LogLevel {
  return (LOG_LEVELS as readonly string[]).includes(value);
}

/** Throws ConfigError naming the levels when the flag or the variable holds anything else. */
export function resolveLogLevel(flag: string | undefined, env: NodeJS.ProcessEnv): LogLevel {
  const [value, source] = flag !== undefined ? [flag, '--log-level'] : env.LOG_LEVEL ? [env.LOG_LEVEL, 'LOG_LEVEL'] : [DEFAULT_LOG_LEVEL, 'default'];
  const level = value.toLowerCase();
  if (!isLogLevel(level)) throw new ConfigError(`${source} must be one of ${LOG_LEVELS.join(', ')} (got '${value}')`);
  return level;
}
