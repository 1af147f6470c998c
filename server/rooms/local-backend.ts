import { join } from 'node:path';
import { createCouponLedger } from '../audience/coupon-ledger.ts';
import { loadOrCreateSecret } from '../auth/load-or-create-secret.ts';
import { createFileRoomStore } from '../store/file-room-store.ts';
import type { CommitInfo } from '../store/segment-log.ts';
import type { LiveRoomDeps } from './live-room.ts';
import type { RoomBackend } from './room-backend.ts';
import { RoomRegistry } from './room-registry.ts';
import { StoryLibrary } from './story-library.ts';
import type { Logger } from '../log/logger.ts';

/**
 * One machine on embedded defaults: rooms in the durable file store under the
 * data directory, recovered at startup; coupons in their own store; the token
 * keyring in `secret.key`.
 */
export async function openLocalBackend(options: {
  dataDir: string;
  storiesDir: string | undefined;
  log: Logger;
  roomDeps: Omit<LiveRoomDeps, 'store' | 'coupons'>;
  onCommit?: (info: CommitInfo) => void;
}): Promise<RoomBackend> {
  const { dataDir, log } = options;
  const { secrets, created } = await loadOrCreateSecret(dataDir);
  if (created) log.info({ dataDir }, 'rooms: created a new token-signing key');
  const commit = options.onCommit ? { onCommit: options.onCommit } : {};
  const store = await createFileRoomStore(dataDir, {
    ...commit,
    onRecover: (report) => {
      if (report.truncatedBytes > 0) log.warn({ room: report.room, truncatedBytes: report.truncatedBytes, records: report.records }, `room log: cut ${report.truncatedBytes} torn byte(s) off the tail after a crash (${report.records} records kept)`);
    },
  });
  // Coupon logs live in their own store: the room store recovers every log it holds as a room.
  const couponStore = await createFileRoomStore(join(dataDir, 'coupons'), commit);
  const coupons = await createCouponLedger(couponStore);
  const library = await StoryLibrary.open(options.storiesDir, dataDir, log);
  const rooms = new RoomRegistry({ ...options.roomDeps, store, coupons });
  const recovery = await rooms.recoverAll();
  if (recovery.recovered > 0 || recovery.failed.length > 0) {
    log.info({ recovered: recovery.recovered, failed: recovery.failed.length }, `rooms: recovered ${recovery.recovered} room(s)${recovery.failed.length ? `, ${recovery.failed.length} failed` : ''}`);
  }
  return {
    rooms,
    library,
    secrets,
    async close() {
      await rooms.shutdown();
      await coupons.close();
      await Promise.all([store.close(), couponStore.close()]);
    },
  };
}
