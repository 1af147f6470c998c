import type { TusContext } from './tus-context.ts';
import { CHECKSUM_ALGORITHMS, STATUS, TUS_EXTENSIONS, TUS_VERSION } from './tus-protocol.ts';
import { tusResponse, type TusResponse } from './tus-response.ts';

/** OPTIONS: protocol discovery. Needs no Tus-Resumable from the client. */
export function handleOptions(ctx: TusContext): TusResponse {
  return tusResponse(STATUS.noContent, {
    'Tus-Version': TUS_VERSION,
    'Tus-Extension': TUS_EXTENSIONS.join(','),
    'Tus-Max-Size': String(ctx.options.maxSize),
    'Tus-Checksum-Algorithm': CHECKSUM_ALGORITHMS.join(','),
  });
}
