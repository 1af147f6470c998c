/**
 * Runs async tasks one at a time per key (a room), in submission order, while
 * different keys run concurrently. The file store uses it so that opening,
 * snapshotting and deleting a room never interleave.
 */
export interface KeyedSerialQueue {
  /** Runs `task` after every earlier task for `key` has settled. */
  run<T>(key: string, task: () => Promise<T>): Promise<T>;
  /** Resolves once every task submitted so far has settled. */
  idle(): Promise<void>;
  /** Whether a task for `key` is queued or running. */
  busy(key: string): boolean;
}

export function createKeyedSerialQueue(): KeyedSerialQueue {
  const tails = new Map<string, Promise<unknown>>();
  return {
    run(key, task) {
      const previous = tails.get(key) ?? Promise.resolve();
      const result = previous.then(task, task);
      const tail = result.catch(() => undefined);
      tails.set(key, tail);
      // Forget idle keys so the map does not grow with every room ever seen.
      void tail.then(() => {
        if (tails.get(key) === tail) tails.delete(key);
      });
      return result;
    },
    async idle() {
      while (tails.size > 0) await Promise.all(tails.values());
    },
    busy: (key) => tails.has(key),
  };
}
