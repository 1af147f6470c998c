import { lookupUpload } from '../uploads/index.ts';
import { PackageInputError } from './package-input.ts';

/** The upload is not there, or not finished yet; `state` says which. */
export class UploadNotReadyError extends PackageInputError {
  override name = 'UploadNotReadyError';
  constructor(readonly state: 'missing' | 'incomplete', message: string) {
    super(message);
  }
}

/**
 * The bytes of a finished tus upload under `<dataDir>/uploads/`, given its id
 * or URL: the input of `branchcast media package --upload` and of the HTTP
 * packaging jobs.
 *
 * @throws UploadNotReadyError when it is unknown or incomplete (saying how far it got).
 */
export async function finishedUploadPath(dataDir: string, idOrUrl: string): Promise<{ id: string; path: string }> {
  const found = await lookupUpload(dataDir, idOrUrl);
  if (found.state === 'missing') throw new UploadNotReadyError('missing', `no upload '${idOrUrl}' in ${dataDir}`);
  if (found.state === 'incomplete') {
    const percent = found.length > 0 ? Math.floor((found.offset / found.length) * 100) : 0;
    throw new UploadNotReadyError('incomplete', `upload ${found.id} is incomplete (${found.offset} of ${found.length} bytes, ${percent}%); finish it first`);
  }
  return { id: found.upload.id, path: found.upload.path };
}
