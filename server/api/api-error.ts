import type { ErrorCode } from '../../engine/index.ts';
import { errorBody } from '../http/error-body.ts';

/** HTTP status for each typed command error. */
export const ERROR_STATUS: Record<ErrorCode, number> = {
  'not-allowed': 403,
  'bad-state': 409,
  'rate-limited': 429,
  invalid: 400,
  internal: 500,
  muted: 403,
};

/** The JSON body of every API error: `{error: {code, message}}` (server/http/error-body.ts, shared with /media and unrouted paths). */
export const apiError = errorBody;
