/**
 * The last line of containment (issue 13): every socket, request and timer
 * boundary catches its own errors, so anything that arrives here is a bug in a
 * path none of them guards. A stray promise rejection is counted as a
 * `process` contained error (so a test run that sees one fails) and the node
 * keeps serving its rooms: ending every live show for one forgotten `catch`
 * is the worse outcome. A synchronous uncaught exception is different: Node
 * documents the process as unsafe to resume after one, so it is counted and
 * then the server shuts down gracefully (acknowledged records are already
 * durable) with a failing exit code, for the supervisor to restart.
 */
import type { ContainedErrors } from '../health/contained-errors.ts';

export interface SafetyNet {
  /** Resolves on the first uncaught exception: time to shut down. */
  readonly fatal: Promise<unknown>;
  uninstall(): void;
}

export function installProcessSafetyNet(contained: ContainedErrors, log: (line: string) => void): SafetyNet {
  let onFatal: (error: unknown) => void = () => undefined;
  const fatal = new Promise<unknown>((resolve) => (onFatal = resolve));
  const rejection = (reason: unknown): void => contained.report('process', reason, { route: 'unhandledRejection' });
  const exception = (error: unknown): void => {
    contained.report('process', error, { route: 'uncaughtException' });
    log('branchcast: uncaught exception; shutting down (see the contained-error log above)');
    onFatal(error);
  };
  process.on('unhandledRejection', rejection);
  process.on('uncaughtException', exception);
  return {
    fatal,
    uninstall() {
      process.off('unhandledRejection', rejection);
      process.off('uncaughtException', exception);
    },
  };
}
