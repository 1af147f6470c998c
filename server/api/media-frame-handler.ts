import { parseEntityTagList, weakMatch } from '../media/entity-tag.ts';
import type { FrameExtractor } from '../media-jobs/frame-extractor.ts';
import type { ApiHandler, ApiResponse } from './api-handler.ts';
import { apiError } from './api-error.ts';

/** Longest accepted time: a day. A bound, so `t=1e9` is a typed refusal rather than an ffmpeg run that finds nothing. */
const MAX_SECONDS = 86_400;
const MAX_WIDTH = 1280;
const MIN_WIDTH = 16;
/** Frames change only when the clip is re-packaged (a new mtime, so a new URL key and ETag). */
const CACHEABLE: Array<[string, string]> = [['Cache-Control', 'public, max-age=300']];

const invalid = (message: string): ApiResponse => ({ status: 400, body: apiError('invalid', message) });

/**
 * GET /api/media/frame?src=PATH&t=SECONDS&w=WIDTH → image/jpeg, the frame at
 * t of a manifest or clip under the media root. Public like /media/ itself,
 * so an `<img src>` works without a Bearer header.
 */
export const getMediaFrame = (frames: FrameExtractor): ApiHandler => async (request) => {
  const src = request.query.get('src') ?? '';
  if (src === '' || src.length > 1024) return invalid('give ?src=, a media path of at most 1024 characters');
  const t = decimal(request.query.get('t') ?? '0');
  if (t === undefined || t > MAX_SECONDS) return invalid(`t must be a time in seconds from 0 to ${MAX_SECONDS}`);
  const w = decimal(request.query.get('w') ?? '320');
  if (w === undefined || !Number.isInteger(w) || w < MIN_WIDTH || w > MAX_WIDTH) return invalid(`w must be a whole width from ${MIN_WIDTH} to ${MAX_WIDTH} pixels`);
  const at = await frames.locate(src, t, w);
  if (!at.ok) return refusal(at);
  const headers: Array<[string, string]> = [...CACHEABLE, ['ETag', at.etag]];
  const known = request.ifNoneMatch === undefined ? [] : parseEntityTagList(request.ifNoneMatch);
  if (known === '*' || known.some((tag) => weakMatch(tag, { weak: false, opaque: at.etag }))) return { status: 304, headers };
  const frame = await frames.frame(at);
  return frame.ok ? { status: 200, headers, contentType: 'image/jpeg', body: frame.jpeg } : refusal(frame);
};

/** A plain non-negative decimal (no sign, exponent, hex or Infinity); undefined otherwise. */
function decimal(text: string): number | undefined {
  return /^\d{1,9}(\.\d{1,6})?$/.test(text) ? Number(text) : undefined;
}

function refusal(failure: { reason: string; message: string }): ApiResponse {
  switch (failure.reason) {
    case 'bad-path': return invalid(failure.message);
    case 'not-found': return { status: 404, body: apiError('not-found', failure.message) };
    case 'unreadable': case 'no-frame': return { status: 422, body: apiError(failure.reason, failure.message) };
    default: return { status: 503, headers: [['Retry-After', '2']], body: apiError(failure.reason, failure.message) };
  }
}
