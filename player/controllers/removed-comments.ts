import type { RoomEvent } from '../../engine/room/room-types.ts';
import type { RoomModel } from '../sync/room-model.ts';

/**
 * Drops the comments a host removed (`comment-removed` events) from the
 * model, so they leave the danmaku and every list at once. Late joiners never
 * get them: the server leaves them out of COMMENTS frames and resumed events.
 */
export function withoutRemoved(model: RoomModel, events: readonly RoomEvent[]): RoomModel {
  const removed = new Set(events.flatMap((e) => (e.type === 'comment-removed' ? [e.id] : [])));
  if (removed.size === 0) return model;
  return { ...model, comments: model.comments.filter((c) => !removed.has(c.id)) };
}
