/**
 * POST /api/rooms with the operator key as a Bearer header. The key comes
 * from the page's password field at the moment of the click and goes
 * nowhere else: not into storage, the URL or the page.
 */
export interface CreatedRoom {
  id: string;
  /** /host/:room#token=…: the host token rides in the fragment, which browsers never send. */
  hostLink: string;
  viewerLink: string;
}

export type CreateOutcome =
  | { ok: true; room: CreatedRoom }
  /** `bad-key`: 401/403; `unreachable`: no answer; `refused`: any other error, with the server's message. */
  | { ok: false; kind: 'bad-key' | 'unreachable' | 'refused'; message: string };

interface CreateAnswer { id?: string; hostToken?: string; hostUrl?: string; joinUrl?: string; error?: { message?: string } }

export async function createRoom(story: string, operatorKey: string, fetchFn: typeof fetch = fetch): Promise<CreateOutcome> {
  let res: Response;
  try {
    res = await fetchFn('/api/rooms', { method: 'POST', headers: { Authorization: `Bearer ${operatorKey}`, 'Content-Type': 'application/json' }, body: JSON.stringify({ story }) });
  } catch {
    return { ok: false, kind: 'unreachable', message: 'The server did not answer. Check that it is running, then try again.' };
  }
  const body = (await res.json().catch(() => ({}))) as CreateAnswer;
  if (res.status === 401 || res.status === 403) {
    return { ok: false, kind: 'bad-key', message: body.error?.message ? `The operator key was not accepted: ${body.error.message}.` : 'The operator key was not accepted.' };
  }
  if (!res.ok || !body.id || !body.hostUrl || !body.joinUrl || !body.hostToken) {
    return { ok: false, kind: 'refused', message: `The room was not created: ${body.error?.message ?? `the server answered ${res.status}`}.` };
  }
  return { ok: true, room: { id: body.id, hostLink: `${body.hostUrl}#token=${encodeURIComponent(body.hostToken)}`, viewerLink: body.joinUrl } };
}
