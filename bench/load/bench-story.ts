/**
 * The story every branchcast bench room plays: one hour-long node whose vote
 * opens at 0 s and stays open, so seeks (the fan-out path) never close it and
 * votes are always accepted. Media files need not exist for the room server.
 */
export const BENCH_STORY_ID = 'bench-room';

const ending = (id: string): Record<string, unknown> => ({ title: id, media: { src: `bench/${id}.mpd`, duration: 10 }, ending: { title: id } });

export const benchStory = {
  format: 'branchcast/story@1',
  id: BENCH_STORY_ID,
  title: 'Bench room',
  start: 'hall',
  nodes: {
    hall: {
      title: 'Hall',
      media: { src: 'bench/hall.mpd', duration: 3600 },
      choice: {
        prompt: 'Pick one',
        opens: 0,
        closes: 3590,
        mode: 'vote',
        default: 'a',
        options: ['a', 'b', 'c'].map((id) => ({ id, label: id.toUpperCase(), to: `end-${id}` })),
      },
    },
    'end-a': ending('end-a'),
    'end-b': ending('end-b'),
    'end-c': ending('end-c'),
  },
};
