/**
 * A small in-process job queue: one job runs at a time, at most `maxQueued`
 * wait behind it (more is refused with QueueFullError), and the last
 * `keepFinished` finished jobs stay readable. Jobs live in memory only: a
 * restart forgets them (a job that was running is simply gone; its output
 * folder was staged, so nothing half-written is left where players look).
 */
export type JobState = 'queued' | 'running' | 'done' | 'failed';

/** Why a job failed, as the API reports it. */
export interface JobFailure {
  code: string;
  message: string;
}

export interface Job<M, R> {
  readonly id: string;
  /** What the job is about, fixed at submission (e.g. the story and node). */
  readonly meta: M;
  state: JobState;
  /** 0..1, rising; 1 when done. */
  progress: number;
  createdAt: number;
  startedAt?: number;
  finishedAt?: number;
  result?: R;
  error?: JobFailure;
}

/** What a job's work receives: an abort signal (shutdown) and a progress reporter. */
export interface JobRun {
  signal: AbortSignal;
  progress(fraction: number): void;
}

export type JobWork<R> = (run: JobRun) => Promise<R>;

/** The queue is at its bound; try again later. */
export class QueueFullError extends Error {
  override name = 'QueueFullError';
}

export interface JobQueueOptions<M> {
  /** Jobs that may wait behind the running one. */
  maxQueued: number;
  /** Finished jobs kept readable, oldest forgotten first. */
  keepFinished: number;
  newId: () => string;
  now: () => number;
  /** Turns what a job threw into the failure it reports. */
  classify: (error: unknown, meta: M) => JobFailure;
}

export class JobQueue<M, R> {
  private readonly jobs = new Map<string, Job<M, R>>();
  private readonly waiting: Array<{ job: Job<M, R>; work: JobWork<R> }> = [];
  private readonly finished: string[] = [];
  private running: Promise<void> | undefined;
  private readonly stop = new AbortController();

  constructor(private readonly options: JobQueueOptions<M>) {}

  /** @throws QueueFullError when `maxQueued` jobs already wait, or the queue is closed. */
  submit(meta: M, work: JobWork<R>): Job<M, R> {
    if (this.stop.signal.aborted) throw new QueueFullError('the server is shutting down');
    if (this.waiting.length >= this.options.maxQueued && this.running !== undefined) {
      throw new QueueFullError(`${this.waiting.length} jobs are already waiting; try again later`);
    }
    const job: Job<M, R> = { id: this.options.newId(), meta, state: 'queued', progress: 0, createdAt: this.options.now() };
    this.jobs.set(job.id, job);
    this.waiting.push({ job, work });
    this.next();
    return job;
  }

  get(id: string): Job<M, R> | undefined {
    return this.jobs.get(id);
  }

  /** Aborts the running job, fails the waiting ones, and resolves once the running one has settled. */
  async close(): Promise<void> {
    this.stop.abort();
    for (const { job } of this.waiting.splice(0)) this.finish(job, { error: { code: 'shutdown', message: 'the server shut down before the job ran' } });
    await this.running;
  }

  private next(): void {
    if (this.running !== undefined) return;
    const item = this.waiting.shift();
    if (item === undefined) return;
    this.running = this.run(item.job, item.work).finally(() => {
      this.running = undefined;
      this.next();
    });
  }

  private async run(job: Job<M, R>, work: JobWork<R>): Promise<void> {
    job.state = 'running';
    job.startedAt = this.options.now();
    const progress = (fraction: number): void => {
      if (job.state === 'running' && Number.isFinite(fraction)) job.progress = Math.max(job.progress, Math.min(1, Math.max(0, fraction)));
    };
    try {
      this.finish(job, { result: await work({ signal: this.stop.signal, progress }) });
    } catch (error) {
      this.finish(job, { error: this.options.classify(error, job.meta) });
    }
  }

  private finish(job: Job<M, R>, outcome: { result: R } | { error: JobFailure }): void {
    if ('result' in outcome) {
      job.state = 'done';
      job.progress = 1;
      job.result = outcome.result;
    } else {
      job.state = 'failed';
      job.error = outcome.error;
    }
    job.finishedAt = this.options.now();
    this.finished.push(job.id);
    while (this.finished.length > this.options.keepFinished) this.jobs.delete(this.finished.shift()!);
  }
}
