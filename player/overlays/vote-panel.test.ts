import { describe, expect, it } from 'vitest';
import { spokenTimeLeft } from './vote-panel.ts';

describe('spokenTimeLeft', () => {
  it('changes only at milestones, so the polite region speaks a few times per choice, not every second', () => {
    const spoken = Array.from({ length: 40 }, (_, i) => spokenTimeLeft(40 - i));
    expect([...new Set(spoken)]).toEqual(['Less than 60 seconds left to choose', 'Less than 30 seconds left to choose', 'Less than 10 seconds left to choose', 'Less than 5 seconds left to choose']);
    expect(spokenTimeLeft(0)).toBe('Time is up');
    expect(spokenTimeLeft(125)).toBe('Less than 3 minutes left to choose');
  });
});
