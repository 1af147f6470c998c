/**
 * /watch/:room: get this viewer's own identity (POST /api/rooms/:id/viewers),
 * kept in sessionStorage so a reload rejoins as the same viewer until the
 * token expires, then mount <branchcast-player>.
 */
import '../elements/branchcast-player.ts';

export async function mountWatch(root: HTMLElement, room: string): Promise<void> {
  const key = `branchcast:viewer:${room}`;
  const token = await viewerToken(room, key);
  if (!token) {
    root.innerHTML = '<h1>Cannot join</h1><p>This room does not exist or has closed.</p>';
    return;
  }
  const player = document.createElement('branchcast-player');
  player.setAttribute('room', room);
  player.setAttribute('token', token);
  player.addEventListener('branchcast-token-expired', () => {
    sessionStorage.removeItem(key);
    location.reload();
  });
  root.replaceChildren(player);
}

async function viewerToken(room: string, key: string): Promise<string | null> {
  const saved = sessionStorage.getItem(key);
  if (saved) {
    const { token, until } = JSON.parse(saved) as { token: string; until: number };
    if (until > Date.now()) return token;
  }
  const res = await fetch(`/api/rooms/${encodeURIComponent(room)}/viewers`, { method: 'POST' });
  if (!res.ok) return null;
  const body = (await res.json()) as { token: string; expiresIn: number };
  sessionStorage.setItem(key, JSON.stringify({ token: body.token, until: Date.now() + (body.expiresIn - 60) * 1000 }));
  return body.token;
}
