import type { AbortWatch } from '../http/abort-watch.ts';
import type { HttpResponse } from '../uws.ts';

/** The request body was larger than allowed; answer 413. */
export class BodyTooLargeError extends Error {
  override name = 'BodyTooLargeError';
}

/** The client went away mid-body; there is nobody to answer. */
export class BodyAbortedError extends Error {
  override name = 'BodyAbortedError';
}

/**
 * Collects a request body of at most `maxBytes`. uWS hands out chunks that
 * are only valid during the callback, so each one is copied. Call this
 * synchronously in the handler (before any await); `abort` must come from
 * watchAbort(res), the response's one onAborted handler.
 */
export function readBody(res: HttpResponse, maxBytes: number, abort: AbortWatch): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let done = false;
    abort.onAbort(() => {
      if (!done) {
        done = true;
        reject(new BodyAbortedError('client aborted the request'));
      }
    });
    res.onData((chunk, isLast) => {
      if (done) return;
      size += chunk.byteLength;
      if (size > maxBytes) {
        done = true;
        reject(new BodyTooLargeError(`body over ${maxBytes} bytes`));
        return;
      }
      chunks.push(Buffer.from(chunk.slice(0)));
      if (isLast) {
        done = true;
        resolve(Buffer.concat(chunks, size));
      }
    });
  });
}
