/**
 * branchcast's group-commit figures over a measurement window, from its
 * /metrics: how many commits, records (inputs) per commit, the mean time of
 * the commit's sync (the O_DSYNC write, or the fdatasync), and the mean time
 * from a command's arrival to its durable answer. They say whether a votes
 * cell was paced by the commit cycle or by CPU. Peers have no /metrics: null.
 */
export interface CommitStats {
  commitsPerSecond: number;
  recordsPerCommit: number;
  syncMeanMs: number;
  commandMeanMs: number;
}

type Sums = Map<string, number>;

async function readSums(url: string): Promise<Sums | undefined> {
  const response = await fetch(`${url}/metrics`).catch(() => undefined);
  if (!response?.ok) return undefined;
  const sums: Sums = new Map();
  for (const line of (await response.text()).split('\n')) {
    const match = /^(branchcast_(?:log_commit_records|log_fsync_duration_seconds|command_duration_seconds)_(?:sum|count))(?:\{[^}]*\})? ([0-9.e+-]+)$/.exec(line);
    if (match) sums.set(match[1] as string, (sums.get(match[1] as string) ?? 0) + Number(match[2]));
  }
  return sums;
}

/** Starts a window now; the returned function ends it. */
export async function commitWindow(url: string): Promise<() => Promise<CommitStats | null>> {
  const before = await readSums(url);
  const started = performance.now();
  return async () => {
    const after = await readSums(url);
    if (!before || !after) return null;
    const d = (name: string): number => (after.get(name) ?? 0) - (before.get(name) ?? 0);
    const commits = d('branchcast_log_commit_records_count');
    const round = (x: number): number => Math.round(x * 100) / 100;
    return {
      commitsPerSecond: round((commits * 1000) / (performance.now() - started)),
      recordsPerCommit: round(d('branchcast_log_commit_records_sum') / Math.max(1, commits)),
      syncMeanMs: round((d('branchcast_log_fsync_duration_seconds_sum') * 1000) / Math.max(1, d('branchcast_log_fsync_duration_seconds_count'))),
      commandMeanMs: round((d('branchcast_command_duration_seconds_sum') * 1000) / Math.max(1, d('branchcast_command_duration_seconds_count'))),
    };
  };
}
