import type { StoryRecord, StoryVersionStore } from './story-version-store.ts';

/** Versions in memory, for tests. Records are copied in and out, like the file store's JSON. */
export function createMemoryStoryVersionStore(): StoryVersionStore {
  const records = new Map<string, string>();
  const texts = new Map<string, string>();
  return {
    async records() {
      return [...records.values()].map((text) => JSON.parse(text) as StoryRecord);
    },
    async putRecord(record) {
      records.set(record.id, JSON.stringify(record));
    },
    async readText(id, version) {
      return texts.get(`${id}/${version}`);
    },
    async putText(id, version, text) {
      texts.set(`${id}/${version}`, text);
    },
  };
}
