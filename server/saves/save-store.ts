/**
 * Where solo viewers' saved forms live (PUT/GET /api/stories/:id/save), one
 * per story and viewer identity. Adapters: createFileSaveStore (the data
 * directory, atomic and durable) and createMemorySaveStore (tests).
 */
export interface SaveStore {
  get(story: string, viewer: string): Promise<Buffer | undefined>;
  /** Replaces the save; resolves once it is durable. */
  put(story: string, viewer: string, bytes: Buffer): Promise<void>;
  close(): Promise<void>;
}

/** The saved form's size limit, and the JSON it must be at least. */
export const SAVE_LIMITS = { maxBytes: 256 * 1024 } as const;

/** Story ids and viewer ids name directories and files. */
export const SAVE_NAME = /^[A-Za-z0-9_-]{1,64}$/;
