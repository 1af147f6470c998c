import { TUS_VERSION } from './tus-protocol.ts';

/** What the uWS glue writes back: a status, headers, and a short (possibly empty) text body. */
export interface TusResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** A protocol response; `Tus-Resumable` goes on every response except OPTIONS discovery, which adds it too (harmless, tusd does). */
export function tusResponse(status: number, headers: Record<string, string> = {}): TusResponse {
  return { status, headers: { 'Tus-Resumable': TUS_VERSION, ...headers }, body: '' };
}

/** An error response with a one-line plain-text explanation, like tusd's. */
export function tusError(status: number, message: string, headers: Record<string, string> = {}): TusResponse {
  return {
    status,
    headers: { 'Tus-Resumable': TUS_VERSION, 'Content-Type': 'text/plain; charset=utf-8', ...headers },
    body: `${message}\n`,
  };
}

/** `Upload-Expires` uses the HTTP date format (RFC 9110 IMF-fixdate). */
export function httpDate(ms: number): string {
  return new Date(ms).toUTCString();
}

/** Narrows "a value or an early error response" results. */
export function isResponse<T extends object>(value: T | TusResponse): value is TusResponse {
  return 'status' in value && 'body' in value && 'headers' in value;
}
