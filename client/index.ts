/**
 * `branchcast/client`: the room protocol and the HTTP API for Node 20 and
 * browsers (README, "Client SDK"). The web player drives rooms through the
 * same RoomConnection, so nothing implements docs/protocol.md twice.
 */
export { connectRoom, type ConnectRoomOptions } from './connect-room.ts';
export { JoinError, RoomConnection, roomSocketUrl, type JoinInfo, type RoomConnectionEvents, type RoomConnectionListener, type RoomConnectionOptions } from './room-connection.ts';
export { defaultWebSocketFactory, type WebSocketFactory } from './web-socket.ts';
export { Session } from './session/session.ts';
export { CommandError, type CommandAck, type SessionDeps, type SessionListener, type SessionStatus, type SocketLike } from './session/session-types.ts';
export { backoffDelay, BACKOFF } from './session/backoff.ts';
export { ClockSync, CLOCK, type ClockDeps } from './clock/clock-sync.ts';
export { estimateClock, type ClockEstimate, type TimeSample } from './clock/clock-estimate.ts';
export { BranchcastApi, type BranchcastApiOptions } from './http/branchcast-api.ts';
export { ApiError, type ApiErrorCode } from './http/api-error.ts';
export type { CommandAccepted, CreatedRoom, CreatedStory, RoomAnalytics, RoomSnapshot, ViewerToken } from './http/api-types.ts';
export type { RoomCommand, RoomEvent, ErrorCode, Role } from '../engine/room/room-types.ts';
export type { WelcomeMessage, TallyMessage, HeatmapMessage, StatsMessage, CommentsMessage } from '../engine/protocol/messages.ts';
export type { Story } from '../engine/story.ts';
