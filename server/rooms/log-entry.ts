/**
 * The log record codec lives in the engine now (engine/room/log-entry.ts), next
 * to the fold that reads it. This re-export keeps the server modules that
 * other work is changing right now compiling; import from the engine instead.
 */
export { decodeLogEntry, decodeSnapshot, encodeLogEntry, encodeSnapshot, type CreateEntry, type LogEntry, type SnapshotEntry } from '../../engine/room/index.ts';
