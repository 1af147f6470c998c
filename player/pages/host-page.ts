/**
 * /host/:room#token=…: the host token comes in the URL fragment (never sent
 * to the server, so never in its logs). It moves to sessionStorage and the
 * fragment is removed, so the address bar can be shared without handing
 * over the room.
 */
import '../elements/branchcast-console.ts';

export function mountHost(root: HTMLElement, room: string): void {
  const key = `branchcast:host:${room}`;
  const fromHash = new URLSearchParams(location.hash.slice(1)).get('token');
  if (fromHash) {
    sessionStorage.setItem(key, fromHash);
    history.replaceState(null, '', location.pathname + location.search);
  }
  const token = fromHash ?? sessionStorage.getItem(key);
  if (!token) {
    root.innerHTML = '<h1>Host token needed</h1><p>Open the host link you got when the room was created (it ends in <code>#token=…</code>).</p>';
    return;
  }
  const el = document.createElement('branchcast-console');
  el.setAttribute('room', room);
  el.setAttribute('token', token);
  root.replaceChildren(el);
}
