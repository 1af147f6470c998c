import type { SoloInput } from '../../engine/solo/index.ts';
import type { PlayHeader, PlayStore, StoredPlay } from './play-store.ts';

/** Plays in memory, for tests: the file store's semantics without the disk. */
export function createMemoryPlayStore(): PlayStore {
  const stories = new Map<string, Map<string, StoredPlay>>();
  return {
    async read(story, play) {
      const found = stories.get(story)?.get(play);
      return found && { header: { ...found.header }, inputs: [...found.inputs], bytes: found.bytes };
    },
    async append(header: PlayHeader, inputs: readonly SoloInput[]) {
      let plays = stories.get(header.story);
      if (!plays) stories.set(header.story, (plays = new Map()));
      let found = plays.get(header.play);
      if (!found) plays.set(header.play, (found = { header: { ...header }, inputs: [], bytes: JSON.stringify(header).length + 1 }));
      found.inputs.push(...inputs.map((input) => structuredClone(input)));
      found.bytes += JSON.stringify(inputs).length + 1;
      return found.bytes;
    },
    async list(story) {
      return [...(stories.get(story)?.keys() ?? [])];
    },
    async close() {},
  };
}
