/** What every `branchcast` subcommand module exports. */
export interface CliIO {
  out: (text: string) => void;
  err: (text: string) => void;
  cwd: string;
}

/** A subcommand: parses its own argv, returns the process exit code. */
export type CliCommand = (argv: string[], io: CliIO) => Promise<number>;

/** Exit codes shared by all subcommands. */
export const EXIT_OK = 0;
export const EXIT_FINDINGS = 1;
export const EXIT_USAGE = 2;

/** Thrown by argument parsing; main() prints it and exits with EXIT_USAGE. */
export class UsageError extends Error {
  override name = 'UsageError';
}
