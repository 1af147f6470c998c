import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { roomAnalytics } from '../analytics/room-analytics.ts';
import { toCsv } from '../analytics/to-csv.ts';
import { toNdjson } from '../analytics/to-ndjson.ts';
import { decodeClientMessage } from '../protocol/client-message.ts';
import { encodeMessage } from '../protocol/codec.ts';
import { MSG } from '../protocol/messages.ts';
import type { Story } from '../story.ts';
import { decodeSnapshot, encodeSnapshot } from './log-entry.ts';
import { foldLog } from './log-fold.ts';
import { createRoomLogic, createRoomState } from './room-logic.ts';
import { isKicked } from './room-moderation.ts';
import { applyRoomInput } from './room-reducer.ts';
import { hashRoomState } from './room-snapshot.ts';
import type { CommandActor, RoomCommand, RoomInput } from './room-types.ts';

const demo = JSON.parse(readFileSync(new URL('../../stories/demo.json', import.meta.url), 'utf8')) as Story;
const logic = createRoomLogic(demo);
const host: CommandActor = { sub: 'h', role: 'host' };
const ann: CommandActor = { sub: 'ann', role: 'viewer' };
const bob: CommandActor = { sub: 'bob', role: 'viewer' };
const T0 = 1_700_000_000_000;

function room() {
  const state = createRoomState(logic, 'r1', T0);
  const log: RoomInput[] = [];
  let n = 0;
  let t = T0;
  const send = (actor: CommandActor, command: RoomCommand, at = (t += 100)) => {
    const input: RoomInput = { type: 'command', t: at, actor, id: `k${n++}`, command };
    log.push(input);
    return applyRoomInput(logic, state, input);
  };
  const comment = (actor: CommandActor, text: string) => send(actor, { type: 'comment', text, at: 1 });
  return { state, log, send, comment };
}

describe('room moderation', () => {
  it('mute refuses the muted viewer with muted until unmute; others comment on', () => {
    const r = room();
    const muted = r.send(host, { type: 'mute', sub: 'ann' });
    expect(muted.result).toMatchObject({ ok: true });
    expect(muted.events).toEqual([{ type: 'muted', version: 1, sub: 'ann', muted: true }]);
    expect(r.comment(ann, 'hi').result).toMatchObject({ ok: false, code: 'muted' });
    expect(r.comment(bob, 'hi').result).toMatchObject({ ok: true });
    expect(r.send(host, { type: 'mute', sub: 'ann' }).result).toMatchObject({ ok: false, code: 'bad-state' });
    expect(r.send(host, { type: 'unmute', sub: 'ann' }).events).toMatchObject([{ type: 'muted', sub: 'ann', muted: false }]);
    expect(r.comment(ann, 'back').result).toMatchObject({ ok: true });
    expect(r.send(host, { type: 'unmute', sub: 'ann' }).result).toMatchObject({ ok: false, code: 'bad-state' });
  });

  it('refuses every moderation command from a viewer with not-allowed, and malformed ones with invalid first', () => {
    const r = room();
    const tries: RoomCommand[] = [
      { type: 'mute', sub: 'bob' },
      { type: 'unmute', sub: 'bob' },
      { type: 'kick', sub: 'bob' },
      { type: 'remove-comment', comment: 'c1' },
      { type: 'comment-policy', perMinute: 1, words: [] },
    ];
    for (const command of tries) expect(r.send(ann, command)).toMatchObject({ result: { ok: false, code: 'not-allowed' }, events: [] });
    expect(r.send(ann, { type: 'comment-policy', perMinute: -1, words: [] }).result).toMatchObject({ ok: false, code: 'invalid' });
    expect(r.send(host, { type: 'remove-comment', comment: 'x1' }).result).toMatchObject({ ok: false, code: 'invalid' });
    expect(r.send(host, { type: 'remove-comment', comment: 'c99' }).result).toMatchObject({ ok: false, code: 'invalid', message: "no comment 'c99'" });
    expect(r.send(host, { type: 'comment-policy', perMinute: 5, words: ['  '] }).result).toMatchObject({ ok: false, code: 'invalid' });
    expect(r.state.moderation).toBeUndefined();
  });

  it('remove-comment emits the removal once; kick refuses the kicked subject everything after, and never the host itself', () => {
    const r = room();
    const posted = r.comment(bob, 'spam');
    const id = (posted.events[0] as { id: string }).id;
    expect(r.send(host, { type: 'remove-comment', comment: id }).events).toEqual([{ type: 'comment-removed', version: 2, id }]);
    expect(r.send(host, { type: 'remove-comment', comment: id }).result).toMatchObject({ ok: false, code: 'bad-state' });

    expect(r.send(host, { type: 'kick', sub: 'h' }).result).toMatchObject({ ok: false, code: 'invalid' });
    expect(r.send(host, { type: 'kick', sub: 'bob' }).events).toMatchObject([{ type: 'kicked', sub: 'bob' }]);
    expect(isKicked(r.state, 'bob')).toBe(true);
    expect(isKicked(r.state, 'ann')).toBe(false);
    expect(r.comment(bob, 'again').result).toMatchObject({ ok: false, code: 'not-allowed', message: 'you were removed from this room' });
    expect(r.send({ sub: 'bob', role: 'host' }, { type: 'play' }).result).toMatchObject({ ok: false, code: 'not-allowed' });
    expect(r.send(host, { type: 'kick', sub: 'bob' }).result).toMatchObject({ ok: false, code: 'bad-state' });
    // A prototype key is a subject like any other.
    expect(isKicked(r.state, 'constructor')).toBe(false);
  });

  it('comment policy: the room-wide cap counts every viewer (hosts are exempt) and listed words are masked', () => {
    const r = room();
    expect(r.send(host, { type: 'comment-policy', perMinute: 2, words: ['darn', 'heck'] }).events).toEqual([{ type: 'comment-policy', version: 1, perMinute: 2, words: 2 }]);
    expect(r.comment(ann, 'Darn it, heckler').events[0]).toMatchObject({ text: '**** it, heckler' });
    expect(r.comment(bob, 'two').result).toMatchObject({ ok: true });
    expect(r.comment(ann, 'three').result).toMatchObject({ ok: false, code: 'rate-limited' });
    expect(r.comment(host, 'hosts may').result).toMatchObject({ ok: true });
    expect(r.comment(bob, 'heck darn').result).toMatchObject({ ok: false, code: 'invalid', message: 'comment refused by the room word filter' });
    // A minute later the room's allowance is back.
    expect(r.send(ann, { type: 'comment', text: 'later', at: 1 }, T0 + 70_000).result).toMatchObject({ ok: true });
    expect(r.send(host, { type: 'comment-policy', perMinute: 0, words: [] }).result).toMatchObject({ ok: true });
    expect(r.comment(bob, 'heck yes').events[0]).toMatchObject({ text: 'heck yes' });
  });

  it('replaying the log (and a snapshot of it) gives the same state hash; analytics list each action', () => {
    const r = room();
    r.comment(bob, 'spam');
    r.send(host, { type: 'mute', sub: 'ann' });
    r.send(host, { type: 'remove-comment', comment: 'c1' });
    r.send(host, { type: 'kick', sub: 'bob' });
    r.send(host, { type: 'comment-policy', perMinute: 3, words: ['darn'] });
    r.comment(ann, 'muted, refused');
    const entries = [{ k: 'create' as const, room: 'r1', t: T0, story: demo }, ...r.log.map((input) => ({ k: 'input' as const, input }))];
    const replayed = foldLog(entries);
    expect(replayed && hashRoomState(replayed.state)).toBe(hashRoomState(r.state));
    const thawed = decodeSnapshot(encodeSnapshot({ story: demo, state: r.state })).state;
    expect(hashRoomState(thawed)).toBe(hashRoomState(r.state));
    expect(isKicked(thawed, 'bob')).toBe(true);

    const a = roomAnalytics(entries.filter((e) => e.k === 'create' || e.input.type !== 'command' || e.input.command.type !== 'comment' || e.input.actor.sub !== 'ann'));
    expect(a.moderation).toEqual([
      { t: T0 + 200, action: 'mute', by: 'h', sub: 'ann' },
      { t: T0 + 300, action: 'remove-comment', by: 'h', comment: 'c1' },
      { t: T0 + 400, action: 'kick', by: 'h', sub: 'bob' },
      { t: T0 + 500, action: 'comment-policy', by: 'h', perMinute: 3, words: 1 },
    ]);
    expect(a.problems).toEqual([]);
    const csv = toCsv(a).split('\r\n').filter((l) => l.startsWith('moderation,'));
    expect(csv.map((l) => l.split(',')[14])).toEqual(['mute', 'remove-comment', 'kick', 'comment-policy']);
    expect(toNdjson(a).split('\n').filter((l) => l.includes('"type":"moderation"'))).toHaveLength(4);
  });

  it('the client-message validator accepts exactly the new command shapes', () => {
    const decode = (cmd: unknown) => decodeClientMessage(encodeMessage({ t: MSG.COMMAND, id: 'x', cmd } as never));
    expect(decode({ type: 'mute', sub: 'ann' })).toMatchObject({ ok: true, message: { cmd: { type: 'mute', sub: 'ann' } } });
    expect(decode({ type: 'kick', sub: 'ann', extra: 1 })).toMatchObject({ ok: true, message: { cmd: { type: 'kick', sub: 'ann' } } });
    expect(decode({ type: 'remove-comment', comment: 'c4' })).toMatchObject({ ok: true, message: { cmd: { type: 'remove-comment', comment: 'c4' } } });
    expect(decode({ type: 'comment-policy', perMinute: 3, words: ['a'] })).toMatchObject({ ok: true, message: { cmd: { type: 'comment-policy', perMinute: 3, words: ['a'] } } });
    expect(decode({ type: 'unmute' })).toMatchObject({ ok: false, id: 'x' });
    expect(decode({ type: 'kick', sub: 7 })).toMatchObject({ ok: false });
    expect(decode({ type: 'remove-comment', comment: '' })).toMatchObject({ ok: false });
    expect(decode({ type: 'comment-policy', perMinute: 1.5, words: [] })).toMatchObject({ ok: false });
    expect(decode({ type: 'comment-policy', perMinute: 1, words: [3] })).toMatchObject({ ok: false });
    expect(decode({ type: 'comment-policy', perMinute: 1 })).toMatchObject({ ok: false });
  });
});
