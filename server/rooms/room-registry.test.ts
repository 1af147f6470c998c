import { createMemoryRoomStore } from '../store/memory-room-store.ts';
import { describeRoomDirectoryContract } from './room-directory.contract.ts';
import { RoomRegistry } from './room-registry.ts';
import { silentLogger } from '../log/logger.ts';

// One machine: the peer is the registry itself, every route ends at the room.
describeRoomDirectoryContract('single node (RoomRegistry)', async () => {
  const store = createMemoryRoomStore();
  const directory = new RoomRegistry({ store, now: () => Date.now(), publish: () => undefined, log: silentLogger() });
  return {
    directory,
    peer: directory,
    async close() {
      await directory.shutdown();
      await store.close();
    },
  };
});
