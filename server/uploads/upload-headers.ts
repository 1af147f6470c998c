import { formatUploadMetadata } from './parse-upload-metadata.ts';
import { httpDate } from './tus-response.ts';
import type { UploadInfo } from './upload-info.ts';

/** `Upload-Expires` when the upload has one (unfinished uploads do). */
export function expiresHeader(info: UploadInfo): Record<string, string> {
  return info.expiresAtMs === null ? {} : { 'Upload-Expires': httpDate(info.expiresAtMs) };
}

/** The headers a HEAD answers with: where the upload stands and what it is. */
export function describeUpload(info: UploadInfo): Record<string, string> {
  const metadata = formatUploadMetadata(info.metadata);
  return {
    'Upload-Offset': String(info.offset),
    'Upload-Length': String(info.length),
    ...(metadata === '' ? {} : { 'Upload-Metadata': metadata }),
    ...expiresHeader(info),
    // The offset changes with every PATCH; a cached HEAD would make a client resume from the wrong place.
    'Cache-Control': 'no-store',
  };
}
