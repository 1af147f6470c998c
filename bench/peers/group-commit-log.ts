/**
 * The least a server must do to answer only after a command is durable: an
 * append-only file opened O_DSYNC (Linux, macOS) and a group commit with one
 * write in flight, whose callers are all answered when it returns. The
 * `uws-durable` peer puts this under the raw uWS relay, so a bench shows what
 * durability alone costs on the machine at hand (issue 18), apart from
 * everything else branchcast does.
 */
import { constants } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';

interface Waiting {
  bytes: Uint8Array;
  done: () => void;
}

export class GroupCommitLog {
  private waiting: Waiting[] = [];
  private writing = false;
  private offset = 0;

  private constructor(private readonly handle: FileHandle) {}

  static async open(path: string): Promise<GroupCommitLog> {
    const synced = constants.O_DSYNC === undefined ? 0 : constants.O_DSYNC;
    return new GroupCommitLog(await open(path, constants.O_RDWR | constants.O_CREAT | constants.O_TRUNC | synced));
  }

  /** Appends `bytes`; `done` runs once they are on the disk. A write error ends the process (a bench peer has no recovery). */
  append(bytes: Uint8Array, done: () => void): void {
    this.waiting.push({ bytes, done });
    if (this.writing) return;
    this.writing = true;
    // A tick, so this turn's other appends join the batch.
    process.nextTick(() => void this.drain());
  }

  private async drain(): Promise<void> {
    while (this.waiting.length > 0) {
      const batch = this.waiting;
      this.waiting = [];
      const buffers = batch.map((w) => w.bytes);
      while (buffers.length > 0) {
        const { bytesWritten } = await this.handle.writev(buffers, this.offset);
        this.offset += bytesWritten;
        let skip = bytesWritten;
        while (buffers.length > 0 && skip >= (buffers[0] as Uint8Array).length) skip -= (buffers.shift() as Uint8Array).length;
        if (skip > 0) buffers[0] = (buffers[0] as Uint8Array).subarray(skip);
      }
      if (constants.O_DSYNC === undefined) await this.handle.datasync();
      for (const w of batch) w.done();
    }
    this.writing = false;
  }
}
