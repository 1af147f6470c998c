/**
 * The HTTP API's one error body, `{"error": {"code", "message", …}}`
 * (docs/protocol.md §1), as a typed error. Bodies of another shape (a proxy's
 * HTML page, the unrouted-path form whose `error` is a string) still become
 * an ApiError: the status decides, the code is a best guess from it.
 */

/** The codes the API documents; a newer server may send others. */
export type ApiErrorCode =
  | 'unauthorized'
  | 'forbidden'
  | 'not-found'
  | 'invalid'
  | 'invalid-story'
  | 'not-allowed'
  | 'bad-state'
  | 'rate-limited'
  | 'closed'
  | 'too-large'
  | 'precondition-failed'
  | 'precondition-required'
  | 'unavailable'
  | 'internal';

export class ApiError extends Error {
  constructor(
    /** The HTTP status. */
    readonly status: number,
    /** `error.code` of the body, or one derived from the status when the body had none. */
    readonly code: ApiErrorCode | (string & {}),
    message: string,
    /** The whole `error` object (e.g. `diagnostics` of an `invalid-story`), when the body had one. */
    readonly details: Readonly<Record<string, unknown>> = {},
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

const CODE_BY_STATUS: Record<number, ApiErrorCode> = {
  400: 'invalid', 401: 'unauthorized', 403: 'forbidden', 404: 'not-found', 409: 'bad-state',
  410: 'closed', 412: 'precondition-failed', 413: 'too-large', 428: 'precondition-required',
  429: 'rate-limited', 503: 'unavailable',
};

/** The ApiError for a response that was not ok; `text` is its body. */
export function apiErrorFrom(status: number, text: string): ApiError {
  const fallback = CODE_BY_STATUS[status] ?? (status >= 500 ? 'internal' : 'invalid');
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return new ApiError(status, fallback, text.slice(0, 200) || `HTTP ${status}`);
  }
  const error = (body as { error?: unknown } | null)?.error;
  if (error && typeof error === 'object') {
    const { code, message } = error as { code?: unknown; message?: unknown };
    return new ApiError(status, typeof code === 'string' ? code : fallback, typeof message === 'string' ? message : `HTTP ${status}`, error as Record<string, unknown>);
  }
  // Not the server's error body (a proxy's, or an older server's {"error": "not_found", "message"}).
  const message = (body as { message?: unknown } | null)?.message;
  return new ApiError(status, fallback, typeof message === 'string' ? message : `HTTP ${status}`);
}
