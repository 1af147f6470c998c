/** RFC 6750 b64token after a case-insensitive "Bearer" scheme. */
const BEARER = /^Bearer +([A-Za-z0-9\-._~+/]+=*) *$/i;

/**
 * The credential of an `Authorization: Bearer CREDENTIAL` header, or
 * undefined for a missing header, another scheme, or a malformed value.
 * Carries the operator key, and host and viewer tokens on HTTP.
 */
export function parseBearer(header: string | undefined): string | undefined {
  if (typeof header !== 'string' || header.length > 4096) return undefined;
  return BEARER.exec(header)?.[1];
}
