/**
 * The Lua scripts of the Redis room store. Each write is one script, so Redis
 * runs its fence check and its writes as one atomic step: no other client's
 * command can fall between "this node owns the room" and the XADDs.
 *
 * Scripts signal the store's own failures with error replies whose message
 * starts with a code word (`CONFLICT`, `SNAPSHOT_AHEAD`); redis-room-store.ts
 * maps them to RoomStoreError codes. Seqs are formatted with `%d`, because
 * Lua 5.1's `..` prints numbers above 1e14 in exponent notation.
 */
import type { Redis } from 'ioredis';

/** Error-reply prefixes the scripts use; anything else is an `io` failure. */
export const CONFLICT_REPLY = 'CONFLICT';
export const SNAPSHOT_AHEAD_REPLY = 'SNAPSHOT_AHEAD';

/** ARGV[1] = the fencing node id, or '' for no fence; KEYS[4] = the room's owner key. */
const FENCE = `
if ARGV[1] ~= '' then
  local owner = redis.call('GET', KEYS[4])
  if owner ~= ARGV[1] then
    return redis.error_reply('${CONFLICT_REPLY} room is owned by ' .. (owner or 'nobody') .. ', not ' .. ARGV[1])
  end
end
`;

/**
 * KEYS: seq, log, rooms, owner, records channel.
 * ARGV: fence node id ('' = none), publish ('1' = each record; '2' = the form
 * after the records: ARGV holds record 1..n then published form 1..n), room
 * id, then the records (and forms).
 * Returns the first seq of the batch.
 */
const APPEND_LUA = `${FENCE}
local n = #ARGV - 3
local forms = 0
if ARGV[2] == '2' then
  n = n / 2
  forms = n
end
local last = redis.call('INCRBY', KEYS[1], n)
local first = last - n + 1
-- The explicit id makes XADD refuse a seq the stream already holds (the counter
-- and the log disagree). Only the first XADD can fail that way; undo the
-- INCRBY so the refusal leaves no trace.
local ok, err = pcall(redis.call, 'XADD', KEYS[2], string.format('0-%d', first), 'd', ARGV[4])
if not ok then
  redis.call('DECRBY', KEYS[1], n)
  return redis.error_reply('${CONFLICT_REPLY} the log already holds seq ' .. string.format('%d', first) .. ': ' .. tostring(err))
end
if ARGV[2] ~= '' then
  redis.call('PUBLISH', KEYS[5], string.format('%d ', first) .. ARGV[4 + forms])
end
for i = 2, n do
  local seq = string.format('%d', first + i - 1)
  redis.call('XADD', KEYS[2], '0-' .. seq, 'd', ARGV[i + 3])
  if ARGV[2] ~= '' then
    redis.call('PUBLISH', KEYS[5], seq .. ' ' .. ARGV[i + 3 + forms])
  end
end
redis.call('SADD', KEYS[3], ARGV[3])
return first
`;

/**
 * KEYS: seq, snapshot, rooms, owner.
 * ARGV: fence node id ('' = none), snapshot seq, snapshot bytes, room id.
 */
const SNAPSHOT_LUA = `${FENCE}
local last = tonumber(redis.call('GET', KEYS[1]) or '0')
if tonumber(ARGV[2]) > last then
  return redis.error_reply('${SNAPSHOT_AHEAD_REPLY} snapshot seq ' .. ARGV[2] .. ' is beyond the last record ' .. string.format('%d', last))
end
redis.call('HSET', KEYS[2], 'seq', ARGV[2], 'data', ARGV[3])
redis.call('SADD', KEYS[3], ARGV[4])
return 1
`;

/** KEYS: seq, log, snapshot, rooms. ARGV: room id. One step, so a room never half-vanishes. */
const DELETE_LUA = `
redis.call('DEL', KEYS[1], KEYS[2], KEYS[3])
redis.call('SREM', KEYS[4], ARGV[1])
return 1
`;

/** The scripts as commands on a connection (ioredis sends EVALSHA, falling back to EVAL once per connection). */
export interface StoreScripts {
  branchcastAppend(seqKey: string, logKey: string, roomsKey: string, ownerKey: string, recordsChannel: string, fence: string, publish: string, room: string, ...records: Buffer[]): Promise<number>;
  branchcastSnapshot(seqKey: string, snapshotKey: string, roomsKey: string, ownerKey: string, fence: string, seq: string, data: Buffer, room: string): Promise<number>;
  branchcastDelete(seqKey: string, logKey: string, snapshotKey: string, roomsKey: string, room: string): Promise<number>;
}

/** Defines the scripts on `redis` and returns it typed with them. */
export function defineStoreScripts(redis: Redis): Redis & StoreScripts {
  redis.defineCommand('branchcastAppend', { numberOfKeys: 5, lua: APPEND_LUA });
  redis.defineCommand('branchcastSnapshot', { numberOfKeys: 4, lua: SNAPSHOT_LUA });
  redis.defineCommand('branchcastDelete', { numberOfKeys: 4, lua: DELETE_LUA });
  // defineCommand adds methods at runtime, which ioredis's types cannot express.
  return redis as Redis & StoreScripts;
}
