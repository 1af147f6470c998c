import type { RoomAnalytics } from './analytics-types.ts';

/**
 * Newline-delimited JSON of the analytics: one object per line, each with a
 * `type` (room, problem, choice, quiz, answer, score, hotspot, claim, comment,
 * comments, moderation, presence, presence-summary) and the room id, so lines from many
 * rooms can be concatenated and still told apart. Times are epoch ms.
 */
export function toNdjson(a: RoomAnalytics): string {
  const room = a.room.id;
  const lines: unknown[] = [{ type: 'room', ...a.room, room }];
  for (const p of a.problems) lines.push({ type: 'problem', room, message: p });
  for (const c of a.choices) lines.push({ type: 'choice', room, ...c });
  for (const q of a.quizzes) lines.push({ type: 'quiz', room, ...q });
  for (const x of a.answers) lines.push({ type: 'answer', room, ...x });
  for (const s of a.scores) lines.push({ type: 'score', room, ...s });
  for (const h of a.hotspots) lines.push({ type: 'hotspot', room, ...h });
  for (const c of a.claims) lines.push({ type: 'claim', room, ...c });
  for (const c of a.comments.list) lines.push({ type: 'comment', room, ...c });
  lines.push({ type: 'comments', room, total: a.comments.total, perNode: a.comments.perNode, perViewer: a.comments.perViewer });
  for (const m of a.moderation) lines.push({ type: 'moderation', room, ...m });
  for (const p of a.presence.events) lines.push({ type: 'presence', room, ...p });
  const { events: _events, ...summary } = a.presence;
  lines.push({ type: 'presence-summary', room, ...summary });
  // JSON.stringify escapes CR and LF inside strings, so every record stays on one line.
  return lines.map((l) => JSON.stringify(l)).join('\n') + '\n';
}
