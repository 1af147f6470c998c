/**
 * Which origins may read our responses, and the CORS headers that say so.
 * Pure: origin/host header values in, header lists out. Every route module
 * uses the one policy held by the server context.
 */
import type { HeaderList } from './send-response.ts';
import { CORS_ALLOW_HEADERS, CORS_ALLOW_METHODS, CORS_EXPOSE_HEADERS, CORS_MAX_AGE_SECONDS } from './cors-headers.ts';

export interface CorsPolicyOptions {
  /**
   * Allowed origins: exact (`https://app.example`), any port
   * (`http://localhost:*`), or `*` for everyone. Same-origin is always allowed.
   */
  allowOrigins: readonly string[];
  /** Bound to loopback: also allow `http://localhost:*`, `http://127.0.0.1:*`, `http://[::1]:*` (development). */
  allowLoopbackOrigins: boolean;
}

export interface CorsPolicy {
  /** Whether a page from `origin` may read responses of the server addressed as `host`. */
  allows(origin: string, host: string | undefined): boolean;
  /** Headers for an ordinary response; always includes `Vary: Origin` unless every origin is allowed. */
  responseHeaders(origin: string | undefined, host: string | undefined): HeaderList;
  /** Headers for a preflight answer, or undefined when the origin is not allowed. */
  preflightHeaders(origin: string, host: string | undefined): HeaderList | undefined;
}

const LOOPBACK_ORIGINS = ['http://localhost:*', 'http://127.0.0.1:*', 'http://[::1]:*'];
const EXPOSE = CORS_EXPOSE_HEADERS.join(', ');
const VARY_ORIGIN: HeaderList = [['Vary', 'Origin']];

/** Builds the policy; throws on a malformed `allowOrigins` entry. */
export function createCorsPolicy(options: CorsPolicyOptions): CorsPolicy {
  const patterns = [...options.allowOrigins, ...(options.allowLoopbackOrigins ? LOOPBACK_ORIGINS : [])];
  for (const pattern of patterns) assertOriginPattern(pattern);
  const anyOrigin = patterns.includes('*');

  const allows = (origin: string, host: string | undefined): boolean => {
    if (anyOrigin) return true;
    if (host !== undefined && (origin === `http://${host}` || origin === `https://${host}`)) return true;
    return patterns.some((pattern) => originMatches(pattern, origin));
  };

  const allowOriginValue = (origin: string): string => (anyOrigin ? '*' : origin);
  // With a fixed "*" the answer does not depend on Origin, so caches need no Vary.
  const vary: HeaderList = anyOrigin ? [] : VARY_ORIGIN;

  return {
    allows,
    responseHeaders(origin, host) {
      if (origin === undefined || !allows(origin, host)) return vary;
      return [...vary, ['Access-Control-Allow-Origin', allowOriginValue(origin)], ['Access-Control-Expose-Headers', EXPOSE]];
    },
    preflightHeaders(origin, host) {
      if (!allows(origin, host)) return undefined;
      return [
        ...vary,
        ['Access-Control-Allow-Origin', allowOriginValue(origin)],
        ['Access-Control-Allow-Methods', CORS_ALLOW_METHODS.join(', ')],
        ['Access-Control-Allow-Headers', CORS_ALLOW_HEADERS.join(', ')],
        ['Access-Control-Max-Age', String(CORS_MAX_AGE_SECONDS)],
      ];
    },
  };
}

/** Thrown for an `--allow-origin` value that is not `*` or `scheme://host[:port|:*]`. */
export class OriginPatternError extends Error {
  override name = 'OriginPatternError';
}

const ORIGIN_PATTERN = /^https?:\/\/(\[[0-9a-f:.]+\]|[a-z0-9.-]+)(:(\d{1,5}|\*))?$/i;

function assertOriginPattern(pattern: string): void {
  if (pattern !== '*' && !ORIGIN_PATTERN.test(pattern)) {
    throw new OriginPatternError(`invalid allowed origin '${pattern}': expected '*' or scheme://host[:port], where port may be '*'`);
  }
}

function originMatches(pattern: string, origin: string): boolean {
  if (!pattern.endsWith(':*')) return pattern.toLowerCase() === origin.toLowerCase();
  const base = pattern.slice(0, -2).toLowerCase();
  const candidate = origin.toLowerCase();
  if (candidate === base) return true;
  return candidate.startsWith(`${base}:`) && /^\d{1,5}$/.test(candidate.slice(base.length + 1));
}
