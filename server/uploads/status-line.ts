const REASONS: Record<number, string> = {
  200: 'OK', 201: 'Created', 204: 'No Content', 400: 'Bad Request', 401: 'Unauthorized', 404: 'Not Found',
  405: 'Method Not Allowed', 409: 'Conflict', 410: 'Gone', 412: 'Precondition Failed',
  413: 'Content Too Large', 415: 'Unsupported Media Type', 423: 'Locked',
  460: 'Checksum Mismatch', 500: 'Internal Server Error',
};

/** uWS's `writeStatus` takes the whole status line, e.g. `460 Checksum Mismatch`. */
export function statusLine(status: number): string {
  return `${status} ${REASONS[status] ?? 'Status'}`;
}
