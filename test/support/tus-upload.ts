/** Uploads a file to a real server with tus-js-client (the protocol's reference client) and resolves to its upload URL. */
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { Upload } from 'tus-js-client';

export async function tusUpload(server: string, path: string, key: string, chunkSize = 1024 * 1024): Promise<string> {
  const { size } = await stat(path);
  return new Promise((resolve, reject) => {
    const upload = new Upload(createReadStream(path), {
      endpoint: `${server}/uploads/`,
      headers: { Authorization: `Bearer ${key}` },
      uploadSize: size,
      chunkSize,
      metadata: { filename: basename(path), filetype: 'video/mp4' },
      onError: reject,
      onSuccess: () => resolve(upload.url ?? ''),
    });
    upload.start();
  });
}
