/** A solo play's input log for tests, produced the way player/solo/solo-session.ts produces one. */
import { applyRoomInput, createRoomLogic, createRoomState, nextWakeAt, SOLO_ACTOR, type RoomCommand, type SoloInput, type Story } from '../../engine/index.ts';

/** A quiz then a vote choice (x → b, y → c); both endings are short. */
export const soloStory = (id: string): Story => ({
  format: 'branchcast/story@1',
  id,
  title: 'Solo API test',
  start: 'a',
  variables: { score: 0 },
  nodes: {
    a: {
      media: { src: 'solo/a.mpd', duration: 4 },
      quizzes: [{ id: `${id}-q`, prompt: '2+2?', options: ['3', '4'], answer: 1, opens: 0.5, closes: 1.5, award: 'score' }],
      choice: { opens: 2, closes: 3, mode: 'vote', default: 'x', options: [{ id: 'x', label: 'X', to: 'b' }, { id: 'y', label: 'Y', to: 'c' }] },
    },
    b: { media: { src: 'solo/b.mpd', duration: 1 }, ending: { title: 'B' } },
    c: { media: { src: 'solo/c.mpd', duration: 1 }, ending: { title: 'C' } },
  },
});

/** Play, answer the quiz right (then again, refused), choose `y`, run to the ending: the log a session would post. */
export function soloPlayInputs(story: Story): SoloInput[] {
  const logic = createRoomLogic(story);
  const state = createRoomState(logic, 'solo', 0);
  const log: SoloInput[] = [];
  let seq = 0;
  const apply = (input: SoloInput): void => {
    log.push(input);
    applyRoomInput(logic, state, input);
  };
  const command = (t: number, cmd: RoomCommand): void => apply({ type: 'command', t, actor: { ...SOLO_ACTOR }, id: `s${(seq += 1)}`, command: cmd });
  const runUntil = (t: number): void => {
    for (let wake = nextWakeAt(story, state); wake !== undefined && wake <= t; wake = nextWakeAt(story, state)) apply({ type: 'tick', t: wake });
  };
  const quiz = story.nodes.a?.quizzes?.[0]?.id ?? 'q';
  command(0, { type: 'play' });
  runUntil(600);
  command(800, { type: 'answer', quiz, option: 1 });
  command(900, { type: 'answer', quiz, option: 0 });
  runUntil(2100);
  command(2500, { type: 'choose', option: 'y' });
  runUntil(10_000);
  return log;
}
