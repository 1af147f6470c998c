/** Small helpers over the stories/rooms HTTP API for tests. */

export interface CreatedRoom {
  id: string;
  hostToken: string;
  joinUrl: string;
}

/** Reads the development operator key the server printed (it binds loopback in tests). */
export function adminKeyFrom(output: string): string {
  const match = /development operator key \(loopback only\): (\S+)/.exec(output);
  if (!match?.[1]) throw new Error(`no operator key in server output:\n${output}`);
  return match[1];
}

export async function api(base: string, method: string, path: string, options: { key?: string; body?: unknown } = {}): Promise<{ status: number; body: unknown }> {
  const res = await fetch(`${base}${path}`, {
    method,
    headers: { ...(options.key ? { Authorization: `Bearer ${options.key}` } : {}), ...(options.body !== undefined ? { 'Content-Type': 'application/json' } : {}) },
    ...(options.body !== undefined ? { body: typeof options.body === 'string' ? options.body : JSON.stringify(options.body) } : {}),
  });
  const text = await res.text();
  let body: unknown = text;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    /* not JSON */
  }
  return { status: res.status, body };
}

export async function postStory(base: string, key: string, story: unknown): Promise<void> {
  const r = await api(base, 'POST', '/api/stories', { key, body: story });
  if (r.status !== 201 && r.status !== 200) throw new Error(`POST /api/stories: ${r.status} ${JSON.stringify(r.body)}`);
}

export async function createRoom(base: string, key: string, story: string): Promise<CreatedRoom> {
  const r = await api(base, 'POST', '/api/rooms', { key, body: { story } });
  if (r.status !== 201) throw new Error(`POST /api/rooms: ${r.status} ${JSON.stringify(r.body)}`);
  return r.body as CreatedRoom;
}

export async function viewerToken(base: string, room: string): Promise<{ viewerId: string; token: string }> {
  const r = await api(base, 'POST', `/api/rooms/${room}/viewers`);
  if (r.status !== 201) throw new Error(`POST viewers: ${r.status} ${JSON.stringify(r.body)}`);
  return r.body as { viewerId: string; token: string };
}
