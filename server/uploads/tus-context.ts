import type { UploadLocks } from './upload-locks.ts';
import type { UploadOptions } from './upload-options.ts';
import type { UploadStore } from './upload-store.ts';

/** Everything a tus handler needs, passed in (no module singletons). */
export interface TusContext {
  store: UploadStore;
  locks: UploadLocks;
  options: UploadOptions;
  /** Mount path, e.g. `/uploads`; `Location` headers are built from it. */
  basePath: string;
  /** Wall clock in ms; injected so expiry is testable. */
  now: () => number;
}
