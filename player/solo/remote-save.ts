/**
 * A solo run's save on the server, so the viewer can carry on on another
 * device (docs/solo.md): a solo viewer token for the story (POST
 * /api/stories/:id/viewers) opens PUT/GET /api/stories/:id/save. The token
 * travels in a link's fragment (#resume=…), which browsers never send, so it
 * stays out of server logs; both devices then keep it and push their
 * progress, the last writer winning (each push follows the other's ETag).
 * Everything here is best effort: the run never waits on it.
 */
import type { SoloSave, SaveStorage } from './solo-save.ts';

export interface RemoteSaveDeps {
  server: string;
  storyId: string;
  fetch: (url: string, init?: RequestInit) => Promise<Response>;
  storage: SaveStorage | undefined;
}

const tokenKey = (storyId: string): string => `branchcast:solo-token:${storyId}`;

export class RemoteSave {
  #etag: string | null = null;

  constructor(private readonly deps: RemoteSaveDeps) {}

  get token(): string | null {
    try { return this.deps.storage?.getItem(tokenKey(this.deps.storyId)) ?? null; } catch { return null; }
  }

  /** Keeps a token that arrived in a link. */
  adopt(token: string): void {
    try { this.deps.storage?.setItem(tokenKey(this.deps.storyId), token); } catch { /* private mode: this page only */ }
  }

  /** A link that resumes this run elsewhere: gets a token if there is none and pushes the save first. */
  async link(save: SoloSave, pageUrl: string): Promise<string> {
    let token = this.token;
    if (!token) {
      const res = await this.deps.fetch(`${this.#base()}/viewers`, { method: 'POST' });
      if (!res.ok) throw new Error(`the server gave no token (HTTP ${res.status})`);
      token = ((await res.json()) as { token: string }).token;
      this.adopt(token);
    }
    if (!(await this.push(save))) throw new Error('the server did not keep the save');
    const url = new URL(pageUrl);
    url.hash = `resume=${encodeURIComponent(token)}`;
    return url.href;
  }

  /** Stores the save under the token, if there is one; true once the server holds it. */
  async push(save: SoloSave, leaving = false): Promise<boolean> {
    const token = this.token;
    if (!token) return false;
    try {
      const res = await this.deps.fetch(`${this.#base()}/save`, {
        method: 'PUT', keepalive: leaving, body: JSON.stringify(save),
        headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
      });
      this.#etag = res.headers.get('ETag');
      return res.ok;
    } catch {
      return false;
    }
  }

  /** The save the server holds for the token, if any. */
  async pull(): Promise<unknown> {
    const token = this.token;
    if (!token) return undefined;
    try {
      const res = await this.deps.fetch(`${this.#base()}/save`, { headers: { Authorization: `Bearer ${token}` } });
      if (!res.ok) return undefined;
      this.#etag = res.headers.get('ETag');
      return (await res.json()) as unknown;
    } catch {
      return undefined;
    }
  }

  get etag(): string | null { return this.#etag; }

  #base(): string {
    return `${this.deps.server}/api/stories/${encodeURIComponent(this.deps.storyId)}`;
  }
}
