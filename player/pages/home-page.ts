/**
 * GET /: pick a story, create a room with the operator key (typed into a
 * password field, sent only as a Bearer header, never stored in the page),
 * and get the host console and viewer links.
 */
export async function mountHome(root: HTMLElement): Promise<void> {
  root.innerHTML = `<h1>branchcast</h1>
  <form id="create" aria-label="Create a room">
    <p><label>Story <select name="story" required></select></label></p>
    <p><label>Operator key <input name="key" type="password" autocomplete="off" required></label></p>
    <p><button type="submit">Create room</button></p>
  </form>
  <div id="result" role="status"></div>`;
  const form = root.querySelector<HTMLFormElement>('#create')!;
  const select = form.elements.namedItem('story') as HTMLSelectElement;
  const result = root.querySelector<HTMLElement>('#result')!;
  const stories = (await (await fetch('/api/stories')).json()) as Array<{ id: string; title: string }>;
  for (const s of stories) select.append(new Option(`${s.title} (${s.id})`, s.id));
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    void (async () => {
      const key = (form.elements.namedItem('key') as HTMLInputElement).value;
      const res = await fetch('/api/rooms', { method: 'POST', headers: { Authorization: `Bearer ${key}`, 'Content-Type': 'application/json' }, body: JSON.stringify({ story: select.value }) });
      const body = (await res.json()) as { id?: string; hostToken?: string; hostUrl?: string; joinUrl?: string; error?: { message?: string } };
      result.textContent = '';
      if (!res.ok || !body.hostUrl || !body.joinUrl) {
        result.textContent = `Could not create the room: ${body.error?.message ?? res.status}`;
        return;
      }
      // The host token rides in the fragment: browsers never send it to the server.
      const hostLink = `${body.hostUrl}#token=${encodeURIComponent(body.hostToken ?? '')}`;
      result.append(link('Open the host console', hostLink, 'host-link'), document.createElement('br'), link('Viewer link (share this)', body.joinUrl, 'viewer-link'));
    })();
  });
}

function link(text: string, href: string, id: string): HTMLAnchorElement {
  const a = document.createElement('a');
  a.id = id;
  a.href = href;
  a.textContent = text;
  a.target = '_blank';
  a.rel = 'noopener';
  return a;
}
