/**
 * Why this file stays whole (334 lines): it holds a room socket's uWS
 * behaviour (open, message, pong, close; the upgrade's checks are in
 * socket-upgrade.ts) and the send path they share, and the uWS rules bite
 * across them together: the HELLO deadline armed at open and cleared by the
 * join, every send's result acted on (a dropped frame or a full buffer closes
 * a slow consumer), every throw contained at each boundary. Side by side,
 * those rules stay checkable in one read.
 */
import {
  CLOSE,
  decodeClientMessage,
  encodeAck,
  encodeMessage,
  MSG,
  type CommandMessage,
  type ErrorCode,
  type ServerMessage,
} from '../../engine/index.ts';
import type { RoomDirectory } from '../rooms/room-directory.ts';
import type { ServerContext } from '../server-context.ts';
import { DISABLED, type TemplatedApp, type WebSocket } from '../uws.ts';
import type { ContainmentBoundary } from '../health/contained-errors.ts';
import type { RoomSocketHooks } from '../rooms/room-socket-hooks.ts';
import type { SocketData } from './socket-data.ts';
import { kickedFrom, KICKED_REASON } from './kick-gate.ts';
import { DEFAULT_SOCKET_LIMITS, type SocketLimits } from './socket-limits.ts';
import { createUpgrade } from './socket-upgrade.ts';
import { TokenBucket } from '../limits/token-bucket.ts';

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
  rooms: Pick<RoomDirectory, 'get' | 'open' | 'room'>;
  verify: VerifyRoomToken;
  limits?: Partial<SocketLimits>;
  hooks?: RoomSocketHooks;
}

export const roomTopic = (roomId: string): string => `room/${roomId}`;
/** Host-only frames of a room (the live quiz heatmap). */
export const hostTopic = (roomId: string): string => `room/${roomId}/hosts`;

/**
 * WebSocket /ws: token in the query (`?token=…&since=N`) or in a HELLO frame.
 * uWS rules that bite here: read `req` before returning from upgrade; a socket
 * must not be touched after its close handler ran (we track `open`); check
 * `send()`'s result — backpressure is bounded, slow consumers are closed.
 *
 * Containment: every handler body and every promise it starts is caught here,
 * where the room and connection are known. The client that triggered the
 * error gets a typed `internal` ERROR (or, where no answer fits, a 1011
 * close); it is counted and logged (ctx.contained), and every other client
 * and room carries on. guardedApp is the last line behind this one.
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
  /** Counts an exception caught for `data`'s connection; never throws. */
  const contain = (boundary: ContainmentBoundary, data: SocketData, error: unknown): void => {
    ctx.contained.report(boundary, error, { room: data.room?.id, conn: data.conn });
  };
  /** Tells the client its frame or command hit a server bug; closes with 1011 if even that fails. */
  const failInternal = (ws: WebSocket<SocketData>, id?: string): void => {
    try {
      ws.cork(() => fail(ws, 'internal', 'internal server error; the server logged it', id));
    } catch {
      try {
        end(ws, 1011, 'internal error');
      } catch {
        // Already closed: nothing left to tell.
      }
    }
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
  const reply = (ws: WebSocket<SocketData>, data: SocketData, frame: Uint8Array): void => {
    const queued = replies.get(data);
    if (queued) queued.frames.push(frame);
    else {
      if (replies.size === 0) process.nextTick(flushReplies);
      replies.set(data, { ws, frames: [frame] });
    }
  };

  // Published frames skip sockets over maxBackpressure; this sweep turns that silent loss into a typed close.
  const sweep = setInterval(() => {
    for (const ws of sockets) {
      if (ws.getUserData().open && ws.getBufferedAmount() > limits.maxBackpressureBytes) dropSlow(ws);
      else if (kickedFrom(deps.rooms, ws.getUserData())) end(ws, CLOSE.KICKED, KICKED_REASON); // a host's kick, made on any node
    }
  }, 250);
  sweep.unref();

  const join = async (ws: WebSocket<SocketData>, token: string, since: number | undefined): Promise<void> => {
    const data = ws.getUserData();
    const verified = deps.verify(token);
    if (!verified.ok) {
      const code = verified.reason === 'expired' ? CLOSE.TOKEN_EXPIRED : verified.reason === 'bad-signature' ? CLOSE.FORBIDDEN : CLOSE.UNAUTHORIZED;
      // Never the token itself: a bad one may be a good one mistyped.
      ctx.log.debug({ conn: data.conn, reason: verified.reason }, 'bad token');
      end(ws, code, `token ${verified.reason}`);
      return;
    }
    data.joining = true;
    const room = await deps.rooms.open(verified.claims.room).catch((cause: unknown) => {
      ctx.log.warn({ room: verified.claims.room, conn: data.conn, err: cause }, 'could not open the room for a join');
      return null;
    });
    if (!data.open) return;
    if (room === null) return end(ws, CLOSE.GOING_AWAY, 'room unavailable, retry');
    if (!room) return end(ws, CLOSE.ROOM_NOT_FOUND, 'room not found');
    if (room.closed) return end(ws, CLOSE.ROOM_CLOSED, 'room closed');
    // Commands go to the owner by the router (in a cluster: here or forwarded), reads to this node's copy.
    const route = await deps.rooms.room(room.id);
    if (!data.open) return;
    if (!route) return end(ws, CLOSE.ROOM_NOT_FOUND, 'room not found');
    const missed = since === undefined ? undefined : room.eventsSince(since);
    const snapshot = missed === undefined ? await room.snapshot() : undefined;
    if (!data.open) return;
    if (room.isKicked(verified.claims.sub)) return end(ws, CLOSE.KICKED, KICKED_REASON);
    data.joining = false;
    data.actor = { sub: verified.claims.sub, role: verified.claims.role };
    data.room = room;
    data.route = route;
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
    route.presence(data.actor, 'join');
    ctx.log.debug({ room: room.id, conn: data.conn, role: verified.claims.role, resume: snapshot ? 'snapshot' : 'events' }, 'joined');
  };

  const startJoin = (ws: WebSocket<SocketData>, token: string, since: number | undefined): void => {
    join(ws, token, since).catch((error: unknown) => {
      const data = ws.getUserData();
      contain('ws-join', data, error);
      if (data.open) end(ws, 1011, 'internal error');
    });
  };

  const command = (ws: WebSocket<SocketData>, message: CommandMessage): void => {
    const data = ws.getUserData();
    const { actor, bucket, route, room } = data;
    if (!room || !route || !actor || !bucket) return fail(ws, 'bad-state', 'join first (send HELLO with a token)', message.id);
    if (!bucket.take(ctx.now())) return fail(ws, 'rate-limited', `more than ${limits.commandsPerSecond} commands per second`, message.id);
    const started = ctx.now();
    route.command(actor, message.id, message.cmd).then(
      (result) => {
        hooks.commandDone?.(ctx.now() - started);
        if (!data.open) return;
        if (result.ok && !result.data) reply(ws, data, encodeAck(message.id, result.version)); // a vote's ACK: the hot path
        else reply(ws, data, encodeMessage(result.ok ? { t: MSG.ACK, id: message.id, version: result.version, data: result.data } : { t: MSG.ERROR, code: result.code, message: result.message, id: message.id }));
      },
      (cause: unknown) => {
        ctx.log.warn({ room: room.id, conn: data.conn, err: cause }, 'command failed');
        if (data.open) ws.cork(() => fail(ws, 'bad-state', 'the room is unavailable', message.id));
      },
    ).catch((error: unknown) => {
      // A throw in the answer path above (not in the room): a bug, counted; the client still gets an answer.
      contain('ws-command', data, error);
      if (data.open) failInternal(ws, message.id);
    });
  };

  const onMessage = (ws: WebSocket<SocketData>, data: SocketData, message: ArrayBuffer, isBinary: boolean): void => {
    const received = ctx.now();
    data.lastHeard = received;
    hooks.messageIn?.(message.byteLength);
    if (!data.open) return;
    if (message.byteLength > limits.maxPayloadBytes) return end(ws, CLOSE.TOO_BIG, `frames are limited to ${limits.maxPayloadBytes} bytes`);
    // Decoding is total (client-message.ts): any bytes give a message or a reason.
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
        startJoin(ws, msg.token, msg.since);
        return;
      case MSG.COMMAND:
        return command(ws, msg);
    }
  };

  app.ws<SocketData>('/ws', {
    compression: DISABLED,
    maxPayloadLength: limits.hardMaxPayloadBytes,
    maxBackpressure: limits.maxBackpressureBytes,
    closeOnBackpressureLimit: 0,
    idleTimeout: limits.idleTimeoutSeconds,
    sendPingsAutomatically: true,
    upgrade: createUpgrade({ cors: ctx.cors, now: ctx.now, ...(hooks.upgradeRefused ? { refused: hooks.upgradeRefused } : {}) }),
    open: (ws) => {
      sockets.add(ws);
      const data = ws.getUserData();
      try {
        hooks.opened?.();
        if (data.token !== undefined) {
          startJoin(ws, data.token, data.since);
        } else {
          data.helloTimer = setTimeout(() => end(ws, CLOSE.HELLO_TIMEOUT, 'no HELLO with a token'), limits.helloTimeoutMs);
        }
      } catch (error) {
        contain('ws-open', data, error);
        end(ws, 1011, 'internal error');
      }
    },
    message: (ws, message, isBinary) => {
      const data = ws.getUserData();
      try {
        onMessage(ws, data, message, isBinary);
      } catch (error) {
        contain('ws-message', data, error);
        // Counted like an invalid frame, so a client that keeps hitting a bug is still bounded.
        data.invalidFrames += 1;
        if (data.open) failInternal(ws);
      }
    },
    pong: (ws) => {
      ws.getUserData().lastHeard = ctx.now();
    },
    close: (ws, code) => {
      const data = ws.getUserData();
      try {
        if (data.route && data.actor) data.route.presence(data.actor, 'leave');
        // uWS closes silent sockets itself (1006, no close frame) once idleTimeout passes, at a
        // 4 s granularity; a silence over half the timeout tells that apart from a client's own close.
        if (data.open && code === 1006 && ctx.now() - data.lastHeard >= (limits.idleTimeoutSeconds * 1000) / 2) hooks.heartbeatTimeout?.();
      } catch (error) {
        contain('ws-close', data, error);
      } finally {
        // The socket is gone whatever happened above: never touch it again.
        data.open = false;
        clearTimeout(data.helloTimer);
        sockets.delete(ws);
        hooks.closed?.();
      }
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
