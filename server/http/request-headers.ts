import type { HttpRequest } from '../uws.ts';

/**
 * Copies the named headers out of a uWS request. `req` is only valid until
 * the handler returns or awaits, so copy first. Absent headers are undefined
 * (uWS reports them as ''; an empty header is treated as absent).
 */
export function readHeaders<const Name extends string>(req: HttpRequest, names: readonly Name[]): Record<Name, string | undefined> {
  const out = {} as Record<Name, string | undefined>;
  for (const name of names) out[name] = headerOf(req, name);
  return out;
}

/** One header's value, by the same rule: uWS reports an absent one as '', and an empty one counts as absent. */
export function headerOf(req: HttpRequest, name: string): string | undefined {
  const value = req.getHeader(name);
  return value === '' ? undefined : value;
}
