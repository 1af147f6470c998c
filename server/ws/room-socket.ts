import {
  CLOSE,
  decodeClientMessage,
  encodeMessage,
  MSG,
  type CommandActor,
  type CommandMessage,
  type ErrorCode,
  type ServerMessage,
} from '../../engine/index.ts';
import type { LiveRoom } from '../rooms/live-room.ts';
import type { ServerContext } from '../server-context.ts';
import { DISABLED, type TemplatedApp, type WebSocket } from '../uws.ts';
import type { RoomSocketHooks } from './room-socket-hooks.ts';
import { DEFAULT_SOCKET_LIMITS, type SocketLimits } from './socket-limits.ts';
import { TokenBucket } from './token-bucket.ts';

/** Claims of a verified room token. */
export interface RoomClaims {
  room: string;
  role: 'host' | 'viewer';
  sub: string;
  exp: number;
}

export type VerifyRoomToken = (token: string) => { ok: true; claims: RoomClaims } | { ok: false; reason: 'malformed' | 'bad-signature' | 'expired' };

export interface RoomSocketDeps {
  /** `get` is this node's copy right now (it changes when a follower is replaced); `open` may follow the room first. */
  rooms: { get(id: string): LiveRoom | undefined; open(id: string): Promise<LiveRoom | undefined> };
  verify: VerifyRoomToken;
  limits?: Partial<SocketLimits>;
  hooks?: RoomSocketHooks;
}

interface SocketData {
  token: string | undefined;
  since: number | undefined;
  actor: CommandActor | undefined;
  room: LiveRoom | undefined;
  open: boolean;
  joining: boolean;
  invalidFrames: number;
  bucket: TokenBucket | undefined;
  helloTimer: NodeJS.Timeout | undefined;
  lastHeard: number;
}

export const roomTopic = (roomId: string): string => `room/${roomId}`;
/** Host-only frames of a room (the live quiz heatmap). */
export const hostTopic = (roomId: string): string => `room/${roomId}/hosts`;

/**
 * WebSocket /ws: token in the query (`?token=…&since=N`) or in a HELLO frame.
 * uWS rules that bite here: read `req` before returning from upgrade; a socket
 * must not be touched after its close handler ran (we track `open`); check
 * `send()`'s result — backpressure is bounded, slow consumers are closed.
 */
export function registerRoomSocket(app: TemplatedApp, ctx: ServerContext, deps: RoomSocketDeps): { close(): void; closeRoom(roomId: string): void } {
  const limits = { ...DEFAULT_SOCKET_LIMITS, ...deps.limits };
  const hooks = deps.hooks ?? {};
  const sockets = new Set<WebSocket<SocketData>>();

  const send = (ws: WebSocket<SocketData>, message: ServerMessage): void => sendFrame(ws, encodeMessage(message));
  const sendFrame = (ws: WebSocket<SocketData>, bytes: Uint8Array): void => {
    const data = ws.getUserData();
    if (!data.open) return;
    hooks.messageOut?.(bytes.byteLength);
    const status = ws.send(bytes, true);
    // 2 = dropped: the buffer is over maxBackpressure. Such a client can only fall further behind.
    if (status === 2 || ws.getBufferedAmount() > limits.maxBackpressureBytes) dropSlow(ws);
  };
  const end = (ws: WebSocket<SocketData>, code: number, reason: string): void => {
    const data = ws.getUserData();
    if (!data.open) return;
    data.open = false;
    ws.end(code, reason);
  };
  const dropSlow = (ws: WebSocket<SocketData>): void => {
    hooks.slowConsumerDropped?.();
    end(ws, CLOSE.SLOW_CONSUMER, 'slow consumer');
  };
  const fail = (ws: WebSocket<SocketData>, code: ErrorCode, message: string, id?: string): void => {
    send(ws, { t: MSG.ERROR, code, message, ...(id === undefined ? {} : { id }) });
  };

  /**
   * Answers to commands that became durable in this turn, per socket. One
   * group commit settles a few hundred commands at once, often several from
   * one socket: each socket then gets one cork (one write syscall) for all of
   * its answers instead of one per answer. Flushed on process.nextTick, which
   * runs once the promise reactions of the commit have all run, and before
   * the room's EVENTS broadcast (setImmediate), so ACKs still come first.
   */
  let replies = new Map<SocketData, { ws: WebSocket<SocketData>; frames: Uint8Array[] }>();
  const flushReplies = (): void => {
    const batch = replies;
    replies = new Map();
    for (const [data, { ws, frames }] of batch) {
      // A socket closed since its answers were queued must not be touched.
      if (!data.open) continue;
      ws.cork(() => {
        for (const frame of frames) sendFrame(ws, frame);
      });
    }
  };
  const reply = (ws: WebSocket<SocketData>, data: SocketData, message: ServerMessage): void => {
    const queued = replies.get(data);
    if (queued) queued.frames.push(encodeMessage(message));
    else {
      if (replies.size === 0) process.nextTick(flushReplies);
      replies.set(data, { ws, frames: [encodeMessage(message)] });
    }
  };

  // Published frames skip sockets over maxBackpressure; this sweep turns that silent loss into a typed close.
  const sweep = setInterval(() => {
    for (const ws of sockets) if (ws.getUserData().open && ws.getBufferedAmount() > limits.maxBackpressureBytes) dropSlow(ws);
  }, 250);
  sweep.unref();

  const join = async (ws: WebSocket<SocketData>, token: string, since: number | undefined): Promise<void> => {
    const data = ws.getUserData();
    const verified = deps.verify(token);
    if (!verified.ok) {
      const code = verified.reason === 'expired' ? CLOSE.TOKEN_EXPIRED : verified.reason === 'bad-signature' ? CLOSE.FORBIDDEN : CLOSE.UNAUTHORIZED;
      end(ws, code, `token ${verified.reason}`);
      return;
    }
    data.joining = true;
    const room = await deps.rooms.open(verified.claims.room).catch((cause: unknown) => {
      ctx.log(`room ${verified.claims.room}: could not open it for a join: ${String(cause)}`);
      return null;
    });
    if (!data.open) return;
    if (room === null) return end(ws, CLOSE.GOING_AWAY, 'room unavailable, retry');
    if (!room) return end(ws, CLOSE.ROOM_NOT_FOUND, 'room not found');
    if (room.closed) return end(ws, CLOSE.ROOM_CLOSED, 'room closed');
    const missed = since === undefined ? undefined : room.eventsSince(since);
    const snapshot = missed === undefined ? await room.snapshot() : undefined;
    if (!data.open) return;
    data.joining = false;
    data.actor = { sub: verified.claims.sub, role: verified.claims.role };
    data.room = room;
    data.bucket = new TokenBucket(limits.commandBurst, limits.commandsPerSecond, ctx.now());
    ws.cork(() => {
      send(ws, {
        t: MSG.WELCOME,
        room: room.id,
        role: verified.claims.role,
        sub: verified.claims.sub,
        now: ctx.now(),
        version: snapshot?.version ?? room.version,
        score: room.scoreOf(verified.claims.sub),
        ...(snapshot ? { resume: 'snapshot' as const, snapshot } : { resume: 'events' as const, events: missed ?? [] }),
      });
      if (!data.open) return;
      sendFrame(ws, room.commentsFrame());
      // Subscribing in the same turn as the snapshot: nothing can be published in between.
      // Events already queued may still arrive with versions <= the snapshot's; clients drop those.
      ws.subscribe(roomTopic(room.id));
      if (verified.claims.role === 'host') {
        ws.subscribe(hostTopic(room.id));
        sendFrame(ws, room.statsFrame());
      }
    });
    room.presence(data.actor, 'join');
  };

  const command = (ws: WebSocket<SocketData>, message: CommandMessage): void => {
    const data = ws.getUserData();
    const { actor, bucket } = data;
    // Looked up per command: in a cluster, the room's object here is replaced when its owner changes.
    const room = data.room && deps.rooms.get(data.room.id);
    if (!data.room || !actor || !bucket) return fail(ws, 'bad-state', 'join first (send HELLO with a token)', message.id);
    if (!room) return fail(ws, 'bad-state', 'the room is unavailable', message.id);
    if (!bucket.take(ctx.now())) return fail(ws, 'rate-limited', `more than ${limits.commandsPerSecond} commands per second`, message.id);
    const started = ctx.now();
    room.command(actor, message.id, message.cmd).then(
      (result) => {
        hooks.commandDone?.(ctx.now() - started);
        if (!data.open) return;
        reply(
          ws,
          data,
          result.ok
            ? { t: MSG.ACK, id: message.id, version: result.version, ...(result.data ? { data: result.data } : {}) }
            : { t: MSG.ERROR, code: result.code, message: result.message, id: message.id },
        );
      },
      (cause: unknown) => {
        ctx.log(`room ${room.id}: command failed: ${String(cause)}`);
        if (data.open) ws.cork(() => fail(ws, 'bad-state', 'the room is unavailable', message.id));
      },
    );
  };

  app.ws<SocketData>('/ws', {
    compression: DISABLED,
    maxPayloadLength: limits.hardMaxPayloadBytes,
    maxBackpressure: limits.maxBackpressureBytes,
    closeOnBackpressureLimit: 0,
    idleTimeout: limits.idleTimeoutSeconds,
    sendPingsAutomatically: true,
    upgrade: (res, req, context) => {
      // Copy everything out of req now: it is invalid after this handler returns.
      const query = new URLSearchParams(req.getQuery() ?? '');
      const key = req.getHeader('sec-websocket-key');
      const protocol = req.getHeader('sec-websocket-protocol');
      const extensions = req.getHeader('sec-websocket-extensions');
      const since = Number(query.get('since'));
      const data: SocketData = {
        token: query.get('token') ?? undefined,
        since: query.has('since') && Number.isInteger(since) && since >= 0 ? since : undefined,
        actor: undefined,
        room: undefined,
        open: true,
        joining: false,
        invalidFrames: 0,
        bucket: undefined,
        helloTimer: undefined,
        lastHeard: ctx.now(),
      };
      res.upgrade(data, key, protocol, extensions, context);
    },
    open: (ws) => {
      sockets.add(ws);
      hooks.opened?.();
      const data = ws.getUserData();
      if (data.token !== undefined) {
        void join(ws, data.token, data.since);
      } else {
        data.helloTimer = setTimeout(() => end(ws, CLOSE.HELLO_TIMEOUT, 'no HELLO with a token'), limits.helloTimeoutMs);
      }
    },
    message: (ws, message, isBinary) => {
      const received = ctx.now();
      const data = ws.getUserData();
      data.lastHeard = received;
      hooks.messageIn?.(message.byteLength);
      if (!data.open) return;
      if (message.byteLength > limits.maxPayloadBytes) return end(ws, CLOSE.TOO_BIG, `frames are limited to ${limits.maxPayloadBytes} bytes`);
      const decoded = isBinary ? decodeClientMessage(new Uint8Array(message)) : ({ ok: false, message: 'binary msgpack frames only' } as const);
      if (!decoded.ok) {
        data.invalidFrames += 1;
        if (data.invalidFrames > limits.maxInvalidFrames) return end(ws, CLOSE.POLICY, 'too many invalid frames');
        return fail(ws, 'invalid', decoded.message, 'id' in decoded ? decoded.id : undefined);
      }
      const msg = decoded.message;
      switch (msg.t) {
        case MSG.TIME:
          return send(ws, { t: MSG.TIME_REPLY, c0: msg.c0, s1: received, s2: ctx.now() });
        case MSG.HELLO:
          if (data.room || data.joining || data.token !== undefined) return fail(ws, 'bad-state', 'already joined');
          if (msg.token === undefined) return fail(ws, 'invalid', 'HELLO needs a token');
          clearTimeout(data.helloTimer);
          data.token = msg.token;
          void join(ws, msg.token, msg.since);
          return;
        case MSG.COMMAND:
          return command(ws, msg);
      }
    },
    pong: (ws) => {
      ws.getUserData().lastHeard = ctx.now();
    },
    close: (ws, code) => {
      const data = ws.getUserData();
      if (data.room && data.actor) (deps.rooms.get(data.room.id) ?? data.room).presence(data.actor, 'leave');
      // uWS closes silent sockets itself (1006, no close frame) once idleTimeout passes, at a
      // 4 s granularity; a silence over half the timeout tells that apart from a client's own close.
      if (data.open && code === 1006 && ctx.now() - data.lastHeard >= (limits.idleTimeoutSeconds * 1000) / 2) hooks.heartbeatTimeout?.();
      data.open = false;
      clearTimeout(data.helloTimer);
      sockets.delete(ws);
      hooks.closed?.();
    },
  });

  return {
    /** Ends every socket of a closed room with 4005, after the `closed` event already queued for them. */
    closeRoom(roomId: string) {
      // setImmediate runs after the room's own broadcast flush (also setImmediate, queued earlier).
      setImmediate(() => {
        for (const ws of sockets) if (ws.getUserData().room?.id === roomId) end(ws, CLOSE.ROOM_CLOSED, 'room closed');
      });
    },
    close() {
      clearInterval(sweep);
      for (const ws of sockets) end(ws, CLOSE.GOING_AWAY, 'server shutting down');
    },
  };
}
