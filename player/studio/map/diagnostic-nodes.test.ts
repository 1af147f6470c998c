import { describe, expect, it } from 'vitest';
import { error, warning } from '../../../engine/diagnostic.ts';
import { pointer } from '../../../engine/json-pointer.ts';
import { nodeOfPointer, problemsByNode, problemsText } from './diagnostic-nodes.ts';
import { searchMatches } from './search-match.ts';

describe('nodeOfPointer', () => {
  it('finds the node a pointer is under, decoding ~1 and ~0', () => {
    expect(nodeOfPointer('/nodes/intro')).toBe('intro');
    expect(nodeOfPointer('/nodes/intro/choice/options/0/to')).toBe('intro');
    expect(nodeOfPointer(pointer('nodes', 'a/b', 'media'))).toBe('a/b');
    expect(nodeOfPointer(pointer('nodes', 'x~1y'))).toBe('x~1y');
    expect(nodeOfPointer('/nodes/~01')).toBe('~1');
    expect(nodeOfPointer('/start')).toBeNull();
    expect(nodeOfPointer('')).toBeNull();
    expect(nodeOfPointer('/variables/trust')).toBeNull();
    expect(nodeOfPointer('/nodesx/a')).toBeNull();
  });
});

describe('problemsByNode', () => {
  it('counts errors and warnings per node with the worst severity', () => {
    const p = problemsByNode([
      error('missing-target', '/nodes/vault/choice/options/0/to', 'no such node'),
      warning('unreachable-node', '/nodes/vault', 'unreachable'),
      warning('unreachable-node', '/nodes/walk', 'unreachable'),
      error('missing-start', '/start', 'no start'),
    ]);
    expect([...p.keys()]).toEqual(['vault', 'walk']);
    expect(p.get('vault')).toMatchObject({ errors: 1, warnings: 1, worst: 'error' });
    expect(p.get('walk')).toMatchObject({ errors: 0, warnings: 1, worst: 'warning' });
    expect(problemsText(p.get('vault')!)).toBe('1 error, 1 warning');
  });
});

describe('searchMatches', () => {
  it('matches title, id and ending title, case-insensitively', () => {
    const nodes = [
      { id: 'intro', title: 'The Plan', ending: null, start: true },
      { id: 'walk', title: null, ending: 'Clean hands', start: false },
    ];
    expect(searchMatches(nodes, 'plan')).toEqual(['intro']);
    expect(searchMatches(nodes, 'HANDS')).toEqual(['walk']);
    expect(searchMatches(nodes, 'i')).toEqual(['intro']);
    expect(searchMatches(nodes, '  ')).toEqual([]);
  });
});
