import type { SaveStore } from './save-store.ts';

/** Saves in memory, for tests. */
export function createMemorySaveStore(): SaveStore {
  const saves = new Map<string, Buffer>();
  return {
    async get(story, viewer) {
      const found = saves.get(`${story}/${viewer}`);
      return found && Buffer.from(found);
    },
    async put(story, viewer, bytes) {
      saves.set(`${story}/${viewer}`, Buffer.from(bytes));
    },
    async close() {},
  };
}
