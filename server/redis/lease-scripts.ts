/**
 * The Lua scripts of room ownership leases (server/cluster/room-leases.ts).
 * KEYS[1] is the room's owner key (keys.ts `owner(room)`), KEYS[2] the lease
 * index (`leases`): every lease change also records the lease's expiry
 * (Redis server time) in that sorted set, so finding lapsed leases is a range
 * query instead of a probe of every room.
 */
const NOW_MS = "local t = redis.call('TIME') local now = t[1] * 1000 + math.floor(t[2] / 1000)";
const INDEX = `${NOW_MS} redis.call('ZADD', KEYS[2], now + tonumber(ARGV[2]), ARGV[3])`;

/** ARGV: node id, lease ms, room id. Set-if-absent, so exactly one node wins. 1 = taken. */
export const ACQUIRE_LEASE = `
if redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2], 'NX') then ${INDEX} return 1 end
return 0`;

/** ARGV: node id, lease ms, room id. Compare-and-extend, so a node can only ever extend its own lease. 1 = kept. */
export const RENEW_LEASE = `
if redis.call('GET', KEYS[1]) == ARGV[1] then redis.call('PEXPIRE', KEYS[1], ARGV[2]) ${INDEX} return 1 end
return 0`;

/**
 * ARGV: node id, room id, mode. A released lease is due at once (score 0);
 * a finished room (mode 'done': closed) leaves the index for good.
 */
export const RELEASE_LEASE = `
if redis.call('GET', KEYS[1]) == ARGV[1] then
  redis.call('DEL', KEYS[1])
  if ARGV[3] == 'done' then redis.call('ZREM', KEYS[2], ARGV[2]) else redis.call('ZADD', KEYS[2], 0, ARGV[2]) end
  return 1
end
return 0`;

/** KEYS[1] = the lease index; ARGV: at most this many rooms. Rooms whose lease ran out, by Redis's clock. */
export const LAPSED_LEASES = `${NOW_MS} return redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', now, 'LIMIT', 0, tonumber(ARGV[1]))`;
