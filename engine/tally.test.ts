import { describe, expect, it } from 'vitest';
import { castVote, countVotes, pickWinner, type VoteBook } from './tally.ts';

describe('tally', () => {
  it('one live vote per viewer: a changed vote moves, in place', () => {
    const book: VoteBook = {};
    expect(castVote(book, 'a', 'x')).toBe(true);
    expect(castVote(book, 'a', 'x')).toBe(false);
    expect(castVote(book, 'a', 'y')).toBe(true);
    expect(castVote(book, 'b', 'y')).toBe(true);
    expect(countVotes(book, ['x', 'y'])).toEqual({ x: 0, y: 2 });
  });

  it('treats any viewer id as an ordinary key', () => {
    const book: VoteBook = {};
    castVote(book, '__proto__', 'x');
    castVote(book, 'constructor', 'y');
    expect(countVotes(book, ['x', 'y'])).toEqual({ x: 1, y: 1 });
    expect(Object.getPrototypeOf(book)).toBe(Object.prototype);
  });

  it('ignores votes for options that are not counted', () => {
    expect(countVotes({ a: 'gone', b: 'x' }, ['x'])).toEqual({ x: 1 });
  });

  it('the leader wins; ties and no votes go to the default', () => {
    expect(pickWinner({ x: 2, y: 1 }, ['x', 'y'], 'y')).toBe('x');
    expect(pickWinner({ x: 2, y: 2 }, ['x', 'y'], 'z')).toBe('z');
    expect(pickWinner({ x: 0, y: 0 }, ['x', 'y'], 'y')).toBe('y');
    expect(pickWinner({ x: 1, y: 3, z: 3 }, ['x', 'y', 'z'], 'x')).toBe('x');
    // Only allowed options can win.
    expect(pickWinner({ x: 5, y: 1 }, ['y'], 'y')).toBe('y');
  });
});
