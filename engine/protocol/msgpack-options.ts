import type { Options } from 'msgpackr';

/**
 * The msgpackr options of every msgpack the project writes or reads between
 * its own parts: wire frames (codec.ts), the room log and snapshots
 * (engine/room/log-entry.ts), the cluster bus and the records channel
 * (server/cluster/). One object, because these bytes cross from one part to
 * another (a log record is published on the bus, decoded by a follower, then
 * folded): a format chosen in one place cannot drift from the others.
 *
 * - `useRecords: false`, `moreTypes: false`: plain msgpack maps and arrays, no
 *   msgpackr records or extensions, so any msgpack library can read them (a
 *   client of the wire, an operator's tool on a log file).
 * - `mapsAsObjects: true`: maps decode to plain objects, as they were encoded.
 *
 * Hostile client frames are not decoded with these: wire-value.ts says why.
 * Frozen: msgpackr's constructors leave options they were given alone today;
 * a version that wrote to them would fail here at load instead of changing
 * every codec's format at once.
 */
export const MSGPACK_OPTIONS: Readonly<Options> = Object.freeze({ useRecords: false, moreTypes: false, mapsAsObjects: true });
