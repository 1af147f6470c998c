/**
 * Reads a room's durable log from a stopped server's data directory with the
 * server's own store and record decoder: the inputs exactly as the server
 * applied them, with the times its clock gave them. The store allows one
 * process per data directory, so call this only after the server exited.
 */
import type { RoomInput } from '../../engine/room/index.ts';
import { decodeLogEntry } from '../../engine/room/index.ts';
import { createFileRoomStore } from '../../server/store/index.ts';

export interface RoomLog {
  room: string;
  /** Server time (epoch ms) the room was created: its timeline's first anchor. */
  t0: number;
  inputs: RoomInput[];
}

export async function readRoomLogs(dataDir: string, rooms: readonly string[]): Promise<Map<string, RoomLog>> {
  const store = await createFileRoomStore(dataDir);
  const logs = new Map<string, RoomLog>();
  try {
    for (const room of rooms) {
      let log: RoomLog | undefined;
      for await (const record of store.read(room, 0)) {
        const entry = decodeLogEntry(record.data);
        if (entry.k === 'create') log = { room: entry.room, t0: entry.t, inputs: [] };
        else if (log) log.inputs.push(entry.input);
        else throw new Error(`room ${room}: an input before the create record`);
      }
      if (!log) throw new Error(`room ${room}: no log in ${dataDir}`);
      logs.set(room, log);
    }
  } finally {
    await store.close();
  }
  return logs;
}
