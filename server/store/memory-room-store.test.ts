import { createMemoryRoomStore } from './memory-room-store.ts';
import { describeRoomStoreContract } from './room-store.contract.ts';

describeRoomStoreContract('memory', async () => ({
  open: async () => createMemoryRoomStore(),
  durable: false,
  cleanup: async () => undefined,
}));
