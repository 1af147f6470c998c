import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { getFinishedUpload, InvalidUploadIdError, lookupUpload, uploadFilePath } from './finished-upload.ts';
import { UploadStore } from './upload-store.ts';

describe('finished uploads', () => {
  let dataDir: string;
  const id = 'AAAAAAAAAAAAAAAAAAAAAA';

  beforeEach(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'branchcast-finished-'));
    await new UploadStore(dataDir).init();
  });

  afterEach(async () => {
    await rm(dataDir, { recursive: true, force: true });
  });

  it('maps ids to <dataDir>/uploads/<id> and refuses anything else', () => {
    expect(uploadFilePath(dataDir, id)).toBe(join(dataDir, 'uploads', id));
    expect(() => uploadFilePath(dataDir, '../etc/passwd')).toThrow(InvalidUploadIdError);
  });

  it('tells missing, incomplete and finished apart', async () => {
    const store = new UploadStore(dataDir);
    expect(await lookupUpload(dataDir, id)).toEqual({ state: 'missing' });
    expect(await lookupUpload(dataDir, '../../x')).toEqual({ state: 'missing' });
    const info = { v: 1 as const, id, length: 4, offset: 2, metadata: { filename: 'a.mov' }, createdAtMs: 1, expiresAtMs: 2 };
    await store.create(info);
    expect(await lookupUpload(dataDir, id)).toEqual({ state: 'incomplete', id, offset: 2, length: 4 });
    expect(await getFinishedUpload(dataDir, id)).toBeUndefined();
    await store.commit({ ...info, offset: 4, expiresAtMs: null });
    expect(await getFinishedUpload(dataDir, `http://127.0.0.1:8080/uploads/${id}`)).toEqual({
      id, path: join(dataDir, 'uploads', id), length: 4, metadata: { filename: 'a.mov' },
    });
  });
});
