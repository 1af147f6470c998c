/** The body of POST /api/stories/:id/nodes/:node/media. */
export type PackageBody = { ok: true; upload: string; replace: boolean } | { ok: false; message: string };

const KEYS = new Set(['upload', 'replace']);

/** `{"upload": "<tus upload id or URL>", "replace"?: boolean}`; anything else is refused with a reason. */
export function parsePackageBody(bytes: Buffer): PackageBody {
  let value: unknown;
  try {
    value = JSON.parse(bytes.toString('utf8'));
  } catch {
    return { ok: false, message: 'the body must be JSON: {"upload": "<tus upload id or URL>", "replace"?: boolean}' };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return { ok: false, message: 'the body must be a JSON object' };
  const unknown = Object.keys(value).find((k) => !KEYS.has(k));
  if (unknown !== undefined) return { ok: false, message: `unknown property '${unknown.slice(0, 64)}' (upload, replace)` };
  const { upload, replace } = value as { upload?: unknown; replace?: unknown };
  if (typeof upload !== 'string' || upload === '' || upload.length > 2048) return { ok: false, message: "'upload' must be the id or URL of a tus upload" };
  if (replace !== undefined && typeof replace !== 'boolean') return { ok: false, message: "'replace' must be true or false" };
  return { ok: true, upload, replace: replace ?? false };
}
