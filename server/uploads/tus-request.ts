/**
 * The parts of an HTTP request the tus handlers read, copied out of the
 * transport synchronously. Header names are lower-case.
 */
export interface TusRequest {
  method: string;
  /** URL path without the query string, e.g. `/uploads/abc`. */
  path: string;
  headers: Readonly<Record<string, string>>;
}

/** A header's value, or undefined when absent. */
export function header(request: TusRequest, name: string): string | undefined {
  return Object.hasOwn(request.headers, name) ? request.headers[name] : undefined;
}

/**
 * The method to act on: `X-HTTP-Method-Override` wins, so clients behind
 * proxies that only pass GET/POST can still PATCH, HEAD and DELETE.
 */
export function effectiveMethod(request: TusRequest): string {
  const override = header(request, 'x-http-method-override')?.trim();
  return (override || request.method).toUpperCase();
}

/** Where a path points below the uploads mount: the collection, one upload, or nowhere we serve. */
export type UploadTarget = { kind: 'collection' } | { kind: 'upload'; id: string } | { kind: 'none' };

/** Splits `/uploads/`, `/uploads` and `/uploads/<id>`; ids are validated later. */
export function uploadTarget(path: string, basePath: string): UploadTarget {
  if (path === basePath || path === `${basePath}/`) return { kind: 'collection' };
  if (!path.startsWith(`${basePath}/`)) return { kind: 'none' };
  const rest = path.slice(basePath.length + 1);
  if (rest === '' || rest.includes('/')) return { kind: 'none' };
  return { kind: 'upload', id: rest };
}
