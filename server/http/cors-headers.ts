/** The CORS vocabulary every route shares (lists per issue 3, point 3). */

/** Methods a cross-origin page may use on any route. */
export const CORS_ALLOW_METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'] as const;

/** Request headers a cross-origin page may send: media (Range) and tus uploads. */
export const CORS_ALLOW_HEADERS = [
  'Authorization',
  'Content-Type',
  'Range',
  'If-Range',
  'If-Match',
  'If-None-Match',
  'If-Modified-Since',
  'X-Requested-With',
  'X-HTTP-Method-Override',
  'Tus-Resumable',
  'Upload-Length',
  'Upload-Offset',
  'Upload-Metadata',
  'Upload-Checksum',
  'Upload-Concat',
  'Upload-Defer-Length',
] as const;

/** Response headers a cross-origin page may read (beyond the CORS-safelisted ones). */
export const CORS_EXPOSE_HEADERS = [
  'Content-Range',
  'Content-Length',
  'Accept-Ranges',
  'ETag',
  'Last-Modified',
  'Location',
  'Upload-Offset',
  'Upload-Length',
  'Upload-Metadata',
  'Upload-Expires',
  'Tus-Resumable',
  'Tus-Version',
  'Tus-Extension',
  'Tus-Max-Size',
  'Tus-Checksum-Algorithm',
] as const;

/** How long a browser may cache a preflight answer (Chromium caps this at 2 h). */
export const CORS_MAX_AGE_SECONDS = 600;
