import { createFileRoomStore } from './file-room-store.ts';
import { describeRoomStoreContract } from './room-store.contract.ts';
import { makeTempDir } from '../../test/support/temp-dir.ts';

describeRoomStoreContract('file', async () => {
  const dir = await makeTempDir('branchcast-store-');
  return { open: () => createFileRoomStore(dir.path), durable: true, cleanup: () => dir.remove() };
});
