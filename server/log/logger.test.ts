import { describe, expect, it } from 'vitest';
import { ConfigError } from '../config.ts';
import { resolveLogLevel } from './log-level.ts';
import { createLogger } from './logger.ts';
import { loggablePath } from './safe-url.ts';

function capture(level: Parameters<typeof createLogger>[0]['level'] = 'info', pretty = false): { logger: ReturnType<typeof createLogger>; text: () => string } {
  const chunks: string[] = [];
  return { logger: createLogger({ level, pretty, write: (t) => chunks.push(t) }), text: () => chunks.join('') };
}

describe('createLogger', () => {
  it('writes one JSON object a line, with level, time, message and the child bindings', () => {
    const { logger, text } = capture();
    logger.child({ node: 'n1' }).child({ room: 'r1' }).child({ conn: 7 }).warn({ seq: 3 }, 'snapshot failed');
    const lines = text().trimEnd().split('\n');
    expect(lines).toHaveLength(1);
    const line = JSON.parse(lines[0]!) as Record<string, unknown>;
    expect(line).toMatchObject({ level: 'warn', node: 'n1', room: 'r1', conn: 7, seq: 3, msg: 'snapshot failed' });
    expect(typeof line.time).toBe('string');
  });

  it('drops lines below its level', () => {
    const { logger, text } = capture('warn');
    logger.info('quiet');
    logger.debug('quieter');
    logger.error('loud');
    expect(text().trimEnd().split('\n').map((l) => (JSON.parse(l) as { msg: string }).msg)).toEqual(['loud']);
  });

  it('redacts secret fields wherever a call site puts them', () => {
    const { logger, text } = capture();
    logger.info({ token: 'tok-SECRET', key: 'key-SECRET', url: 'https://x/uploads/up-SECRET?token=q-SECRET', nested: { authorization: 'Bearer auth-SECRET' } }, 'hello');
    expect(text()).not.toMatch(/SECRET/);
    expect(text()).toContain('[redacted]');
  });

  it('shows an error by type, message, code, stack and cause, never its other properties', () => {
    const { logger, text } = capture();
    const error = Object.assign(new Error('EXECABORT', { cause: new TypeError('inner') }), { code: 'ERR', command: { name: 'set', args: ['secret-key', 'value-SECRET'] } });
    logger.error({ err: error }, 'failed');
    const line = JSON.parse(text()) as { err: Record<string, unknown> };
    expect(line.err).toMatchObject({ type: 'Error', message: 'EXECABORT', code: 'ERR', cause: { type: 'TypeError', message: 'inner' } });
    expect(typeof line.err.stack).toBe('string');
    expect(text()).not.toMatch(/SECRET/);
    logger.warn({ err: { toString: () => 'value-SECRET' } }, 'odd throw');
    expect(text()).not.toMatch(/SECRET/);
  });

  it('formats readable lines instead of JSON when pretty', () => {
    const { logger, text } = capture('info', true);
    logger.child({ room: 'r1' }).info('took over the room');
    expect(text()).toContain('took over the room');
    expect(text()).toContain('r1');
    expect(text().startsWith('{')).toBe(false);
  });
});

describe('resolveLogLevel', () => {
  it('takes the flag, else LOG_LEVEL, else info; anything else is a ConfigError', () => {
    expect(resolveLogLevel('debug', { LOG_LEVEL: 'error' })).toBe('debug');
    expect(resolveLogLevel(undefined, { LOG_LEVEL: 'WARN' })).toBe('warn');
    expect(resolveLogLevel(undefined, {})).toBe('info');
    expect(() => resolveLogLevel('loud', {})).toThrow(ConfigError);
    expect(() => resolveLogLevel(undefined, { LOG_LEVEL: 'verbose' })).toThrow(/LOG_LEVEL must be one of/);
  });
});

describe('loggablePath', () => {
  it('drops the query and fragment, and hides an upload id', () => {
    expect(loggablePath('/media/a.mp4?token=abc#token=def')).toBe('/media/a.mp4');
    expect(loggablePath('/uploads/3q2-7wEjR0WcZx1vY6Hj0w')).toBe('/uploads/:id');
    expect(loggablePath('/room/r1#token=abc')).toBe('/room/r1');
  });
});
