import type { RoomEvent } from '../room/room-types.ts';
import type { ModerationRecord } from './analytics-types.ts';

type ModerationEvent = Extract<RoomEvent, { type: 'muted' | 'kicked' | 'comment-removed' | 'comment-policy' }>;

/** The analytics record of a moderation event at `t`, done by host `by`. */
export function moderationRecord(e: ModerationEvent, t: number, by: string | null): ModerationRecord {
  switch (e.type) {
    case 'muted':
      return { t, action: e.muted ? 'mute' : 'unmute', by, sub: e.sub };
    case 'kicked':
      return { t, action: 'kick', by, sub: e.sub };
    case 'comment-removed':
      return { t, action: 'remove-comment', by, comment: e.id };
    case 'comment-policy':
      return { t, action: 'comment-policy', by, perMinute: e.perMinute, words: e.words };
  }
}
