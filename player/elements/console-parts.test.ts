/** The console's pure parts: which key does what, which state the console is in, and what the action log records. */
import { describe, expect, it, vi } from 'vitest';
import { CommandError } from '../../client/session/session-types.ts';
import { ActionLog, commandLabel } from './action-log.ts';
import { actionFor, type ConsoleActions } from './console-shortcuts.ts';
import { consoleState, isDeadEnd } from './console-states.ts';
import { secondsLeft } from './now-playing.ts';

describe('actionFor (console shortcuts)', () => {
  const actions = () => ({ playPause: vi.fn(), seekBy: vi.fn<(s: number) => void>(), forceOption: vi.fn<(n: number) => void>(), focusQuizForm: vi.fn(), closeNewestQuiz: vi.fn() }) satisfies ConsoleActions;

  it('maps Space, K, J, L, 1-9, Q and C (either case) and the media keys', () => {
    const a = actions();
    for (const key of [' ', 'k', 'K', 'MediaPlayPause']) actionFor(key, a)!();
    expect(a.playPause).toHaveBeenCalledTimes(4);
    actionFor('j', a)!(); actionFor('MediaFastForward', a)!();
    expect(a.seekBy.mock.calls).toEqual([[-10], [10]]);
    actionFor('3', a)!();
    expect(a.forceOption).toHaveBeenCalledWith(3);
    actionFor('Q', a)!(); actionFor('c', a)!();
    expect(a.focusQuizForm).toHaveBeenCalledOnce();
    expect(a.closeNewestQuiz).toHaveBeenCalledOnce();
  });

  it('leaves other keys alone (arrows belong to focus navigation)', () => {
    for (const key of ['0', 'ArrowLeft', 'Enter', 'x', 'Escape']) expect(actionFor(key, actions())).toBeUndefined();
  });
});

describe('consoleState', () => {
  it('is connecting until a snapshot, live once one came, and unreachable with the seconds to the next try', () => {
    expect(consoleState({ kind: 'connecting', attempt: 0 }, false, false, 0)).toEqual({ kind: 'connecting' });
    expect(consoleState({ kind: 'open' }, false, true, 0)).toEqual({ kind: 'live' });
    expect(consoleState({ kind: 'reconnecting', attempt: 2, retryAt: 4200, reason: 'closed' }, false, true, 1000)).toEqual({ kind: 'unreachable', retryInS: 4 });
  });

  it('turns a refused token, a missing room and a closed room into dead ends', () => {
    const failed = (reason: 'token-invalid' | 'token-expired' | 'room-not-found' | 'room-closed' | 'protocol') => consoleState({ kind: 'failed', reason, code: 4001 }, false, false, 0);
    expect(failed('token-invalid').kind).toBe('bad-token');
    expect(failed('token-expired').kind).toBe('bad-token');
    expect(failed('room-not-found').kind).toBe('no-room');
    expect(failed('room-closed').kind).toBe('closed');
    expect(consoleState({ kind: 'open' }, true, true, 0).kind).toBe('closed');
    expect(isDeadEnd(failed('protocol'))).toBe(true);
    expect(isDeadEnd({ kind: 'unreachable', retryInS: 1 })).toBe(false);
  });
});

describe('ActionLog', () => {
  it('records a command as sent, then acknowledged with the version, or refused with the reason; newest first', async () => {
    const changed = vi.fn();
    const log = new ActionLog(changed);
    let ack!: (v: { version: number }) => void;
    const first = log.record('Play', () => new Promise((resolve) => { ack = resolve; }));
    expect(log.entries.map((e) => e.state)).toEqual(['sent']);
    ack({ version: 7 });
    expect(await first).toBe(true);
    const refused = await log.record('Push quiz “x”', () => Promise.reject(new CommandError('invalid', 'quiz.options must be 2-16 strings', { type: 'play' })));
    expect(refused).toBe(false);
    expect(log.entries.map((e) => [e.label, e.state, e.detail])).toEqual([
      ['Push quiz “x”', 'refused', 'invalid: quiz.options must be 2-16 strings'],
      ['Play', 'acknowledged', 'room v7'],
    ]);
    expect(changed).toHaveBeenCalledTimes(4);
  });

  it('labels commands in the host’s words', () => {
    const choice = { node: 'n', mode: 'vote', options: [{ id: 'v', label: 'Crack the vault' }], default: 'v', closes: 18, counts: {}, total: 0 };
    expect(commandLabel({ type: 'choose', option: 'v' }, { choice, quizzes: [] })).toBe('Force “Crack the vault”');
    expect(commandLabel({ type: 'close-quiz', quiz: 'q1' }, { choice: null, quizzes: [{ quiz: 'q1', node: null, prompt: 'Who?', options: ['A', 'B'], points: 0 }] })).toBe('Close quiz “Who?”');
    expect(commandLabel({ type: 'seek', position: 12 }, null)).toBe('Seek to 12.0 s');
  });
});

describe('secondsLeft', () => {
  it('counts media time to the close, scaled by the rate, never below zero', () => {
    const c = { node: 'n', mode: 'vote', options: [], default: 'a', closes: 18, counts: {}, total: 0 };
    expect(secondsLeft(c, 12.5, 1)).toBe(6);
    expect(secondsLeft(c, 12, 2)).toBe(3);
    expect(secondsLeft(c, 19, 1)).toBe(0);
  });
});
