/** The room core: a pure, event-sourced fold of a room's log. The server owns sockets, timers and disks. */
export * from './room-types.ts';
export { createRoomLogic, createRoomState, viewOf, type RoomLogic } from './room-logic.ts';
export { applyRoomInput, roomPosition } from './room-reducer.ts';
export { nextWakeAt, roomCues, cueKey, effectiveEnd } from './room-cues.ts';
export { roomSnapshot, hashRoomState, type RoomSnapshot } from './room-snapshot.ts';
export { quizResults } from './quiz-results.ts';
export { activeHotspot, AUDIENCE_LIMITS } from './room-audience.ts';
export { isKicked, MODERATION_LIMITS } from './room-moderation.ts';
export { encodeLogEntry, decodeLogEntry, encodeSnapshot, decodeSnapshot, type LogEntry, type CreateEntry, type SnapshotEntry } from './log-entry.ts';
export { foldCreate, foldSnapshot, foldInput, foldEntry, foldLog, type RoomFold } from './log-fold.ts';
