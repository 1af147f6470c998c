/**
 * One FIFO lane of operations per room, with group commit: appends that
 * arrive while an earlier operation of the room is in flight wait, and the
 * ones queued back to back leave together in a single commit (for Redis, one
 * script call). Other operations (delete, snapshot) take their turn in call
 * order, so an append called before a delete lands before it, and one called
 * after lands after it. Rooms run independently.
 *
 * All records of one append go into one commit, so a commit that fails fails
 * the whole append, and one that succeeds holds all of it.
 */
export interface RoomLanesOptions {
  /** Commits `records` in order and resolves with the seq of the first. */
  commit(room: string, records: readonly Buffer[]): Promise<number>;
  /** A commit stops taking further appends at this size (a single larger append still goes alone). */
  maxBatchBytes: number;
  maxBatchRecords: number;
}

export interface RoomLanes {
  /** Queues `records` (non-empty, already copied) for the room's next commit; resolves with their seqs. */
  append(room: string, records: readonly Buffer[]): Promise<number[]>;
  /** Runs `task` after every earlier operation of the room has settled. */
  run<T>(room: string, task: () => Promise<T>): Promise<T>;
  /** Resolves once every operation submitted so far has settled. */
  idle(): Promise<void>;
}

interface PendingAppend {
  records: readonly Buffer[];
  resolve(seqs: number[]): void;
  reject(error: unknown): void;
}

type Operation =
  | { kind: 'batch'; appends: PendingAppend[]; bytes: number; records: number }
  | { kind: 'task'; run(): Promise<void> };

interface Lane {
  /** Waiting operations; the one in flight has already been shifted out. */
  waiting: Operation[];
  done: Promise<void>;
}

export function createRoomLanes(options: RoomLanesOptions): RoomLanes {
  const lanes = new Map<string, Lane>();

  /** Runs the lane's operations until none is left; the lane is removed in the same turn as that check. */
  async function drain(room: string, lane: Lane): Promise<void> {
    // Let this turn's other callers (typically everyone the last commit just
    // released) queue up first, or the first commit would carry one append.
    await new Promise<void>((resolve) => setImmediate(resolve));
    for (let op = lane.waiting.shift(); op !== undefined; op = lane.waiting.shift()) {
      if (op.kind === 'task') await op.run();
      else await commitBatch(room, op.appends);
    }
    lanes.delete(room);
  }

  async function commitBatch(room: string, appends: readonly PendingAppend[]): Promise<void> {
    let first: number;
    try {
      first = await options.commit(room, appends.flatMap((pending) => pending.records));
    } catch (error) {
      for (const pending of appends) pending.reject(error);
      return;
    }
    for (const pending of appends) {
      pending.resolve(pending.records.map((_, i) => first + i));
      first += pending.records.length;
    }
  }

  function enqueue(room: string, add: (waiting: Operation[]) => void): void {
    const lane = lanes.get(room);
    if (lane === undefined) {
      const created: Lane = { waiting: [], done: Promise.resolve() };
      add(created.waiting);
      created.done = drain(room, created);
      lanes.set(room, created);
      return;
    }
    add(lane.waiting);
  }

  return {
    append(room, records) {
      return new Promise<number[]>((resolve, reject) => {
        const pending: PendingAppend = { records, resolve, reject };
        const bytes = records.reduce((sum, record) => sum + record.length, 0);
        enqueue(room, (waiting) => {
          const last = waiting.at(-1);
          const fits = last?.kind === 'batch' && last.bytes + bytes <= options.maxBatchBytes && last.records + records.length <= options.maxBatchRecords;
          if (fits) {
            last.appends.push(pending);
            last.bytes += bytes;
            last.records += records.length;
          } else {
            waiting.push({ kind: 'batch', appends: [pending], bytes, records: records.length });
          }
        });
      });
    },

    run(room, task) {
      return new Promise((resolve, reject) => {
        enqueue(room, (waiting) => waiting.push({ kind: 'task', run: () => Promise.resolve().then(task).then(resolve, reject) }));
      });
    },

    async idle() {
      while (lanes.size > 0) await Promise.all([...lanes.values()].map((lane) => lane.done));
    },
  };
}
