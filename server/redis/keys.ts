/**
 * Every Redis key and channel a branchcast cluster uses, in one place, so the
 * store, the leases and the bus agree. `prefix` namespaces a deployment (and
 * each test), e.g. `bc:`.
 *
 * Layout (one Redis primary; no cross-slot guarantees are promised):
 * - `<p>rooms`                  SET of room ids holding a log or a snapshot
 * - `<p>closed`                 SET of closed room ids (no node needs to own them)
 * - `<p>room:<id>:seq`          last assigned seq (INCRBY under the append script)
 * - `<p>room:<id>:log`          STREAM, entry id `0-<seq>`, field `d` = record bytes
 * - `<p>room:<id>:snap`         HASH {seq, data}
 * - `<p>room:<id>:owner`        lease: the owning node id, PX = lease TTL
 * - `<p>leases`                 ZSET room id → lease expiry (ms, Redis clock): sweeps find lapsed leases by range
 * - `<p>room:<id>:records`      channel: every appended record, `<seq> <bytes>`, published by the append script
 * - `<p>room:<id>:present`      HASH node id → `<count>:<expiry ms>`: each node's viewers of the room (node-presence.ts)
 * - `<p>room:<id>:tally`        channel: the owner's merged tally of the open vote (tally-message.ts), at the tally throttle's rate
 * - `<p>room:<id>:tally:last`   STRING the last of those tallies (PX: a few minutes), for a node that starts following the room
 * - `<p>node:<node>`            channel: a node's inbox (forwarded commands, vote batches, replies)
 * - `<p>secret`                 token-signing keyring shared by the nodes
 * - `<p>stories`                HASH story id → story JSON posted through any node
 * - `<p>coupon:<campaign>:codes` HASH `s:<subject>` → code and `c:<code>` → subject (codes stay unique)
 */
export interface RedisKeys {
  rooms: string;
  closedRooms: string;
  leases: string;
  seq(room: string): string;
  log(room: string): string;
  snapshot(room: string): string;
  owner(room: string): string;
  records(room: string): string;
  tally(room: string): string;
  lastTally(room: string): string;
  present(room: string): string;
  node(nodeId: string): string;
  secret: string;
  stories: string;
  couponCodes(campaign: string): string;
}

export const DEFAULT_REDIS_PREFIX = 'bc:';

export function redisKeys(prefix: string = DEFAULT_REDIS_PREFIX): RedisKeys {
  return {
    rooms: `${prefix}rooms`,
    closedRooms: `${prefix}closed`,
    leases: `${prefix}leases`,
    seq: (room) => `${prefix}room:${room}:seq`,
    log: (room) => `${prefix}room:${room}:log`,
    snapshot: (room) => `${prefix}room:${room}:snap`,
    owner: (room) => `${prefix}room:${room}:owner`,
    records: (room) => `${prefix}room:${room}:records`,
    tally: (room) => `${prefix}room:${room}:tally`,
    lastTally: (room) => `${prefix}room:${room}:tally:last`,
    present: (room) => `${prefix}room:${room}:present`,
    node: (nodeId) => `${prefix}node:${nodeId}`,
    secret: `${prefix}secret`,
    stories: `${prefix}stories`,
    couponCodes: (campaign) => `${prefix}coupon:${campaign}:codes`,
  };
}
