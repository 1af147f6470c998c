/**
 * The studio's calls to the server, with the author's (or operator's) key as
 * a Bearer header. Errors come back as StudioError with the API's code and
 * message, so the studio can say what happened (a save that lost a race, a
 * key that may not do this) instead of a bare status.
 */
import type { Story } from '../../engine/story.ts';

export class StudioError extends Error {
  constructor(readonly status: number, readonly code: string, message: string, readonly body: unknown = undefined) {
    super(message);
    this.name = 'StudioError';
  }
}

export interface StorySummary { id: string; title: string; nodes: number; source?: string }
export interface RoomCreated { id: string; hostToken: string; hostUrl: string; joinUrl: string }
export interface Job { state: 'queued' | 'running' | 'done' | 'failed'; progress: number; src?: string; duration?: number; error?: string }
export interface VersionInfo { version: string; savedAt: string | null; savedBy?: string; savedByName?: string; nodes?: number; title?: string }
export interface StoryDiff { from: string; to: string; nodesAdded: string[]; nodesRemoved: string[]; nodesChanged: Array<{ id: string; fields: string[] }>; storyFieldsChanged: string[] }

export class StudioApi {
  constructor(readonly server: string, private readonly key: string) {}

  listStories(): Promise<StorySummary[]> {
    return this.#json('GET', '/api/stories');
  }

  async getStory(id: string): Promise<{ story: Story; etag: string | null }> {
    const res = await this.#fetch('GET', `/api/stories/${encodeURIComponent(id)}`);
    return { story: (await res.json()) as Story, etag: res.headers.get('ETag') };
  }

  /** Saves a new version: If-Match the version the draft started from (If-None-Match: * for a new story). */
  async saveStory(story: Story, etag: string | null): Promise<string | null> {
    const headers: Record<string, string> = etag ? { 'If-Match': etag } : { 'If-None-Match': '*' };
    const res = await this.#fetch('PUT', `/api/stories/${encodeURIComponent(story.id)}`, JSON.stringify(story, null, 2), headers);
    return res.headers.get('ETag');
  }

  versions(id: string): Promise<VersionInfo[]> {
    return this.#json('GET', `/api/stories/${encodeURIComponent(id)}/versions`);
  }

  diff(id: string, version: string): Promise<StoryDiff> {
    return this.#json('GET', `/api/stories/${encodeURIComponent(id)}/versions/${encodeURIComponent(version)}/diff?to=current`);
  }

  /** Makes an old version current again (a new version), If-Match the one the draft holds. */
  async restore(id: string, version: string, etag: string | null): Promise<void> {
    await this.#fetch('POST', `/api/stories/${encodeURIComponent(id)}/versions/${encodeURIComponent(version)}/restore`, undefined, etag ? { 'If-Match': etag } : {});
  }

  createRoom(story: string): Promise<RoomCreated> {
    return this.#json('POST', '/api/rooms', JSON.stringify({ story }));
  }

  /** Packages a finished tus upload into a node's media folder (replacing a clip it had: the author chose a new one); poll the job it returns. */
  packageUpload(story: string, node: string, upload: string): Promise<{ job: string }> {
    return this.#json('POST', `/api/stories/${encodeURIComponent(story)}/nodes/${encodeURIComponent(node)}/media`, JSON.stringify({ upload, replace: true }));
  }

  job(id: string): Promise<Job> {
    return this.#json('GET', `/api/jobs/${encodeURIComponent(id)}`);
  }

  get authorization(): string {
    return `Bearer ${this.key}`;
  }

  async #json<T>(method: string, path: string, body?: string): Promise<T> {
    return (await (await this.#fetch(method, path, body)).json()) as T;
  }

  async #fetch(method: string, path: string, body?: string, headers: Record<string, string> = {}): Promise<Response> {
    const res = await fetch(this.server + path, {
      method,
      headers: { Authorization: this.authorization, ...(body === undefined ? {} : { 'Content-Type': 'application/json' }), ...headers },
      ...(body === undefined ? {} : { body }),
    });
    if (res.ok) return res;
    let payload: unknown;
    try { payload = await res.json(); } catch { payload = undefined; }
    const error = (payload as { error?: { code?: string; message?: string } } | undefined)?.error;
    throw new StudioError(res.status, error?.code ?? `http-${res.status}`, error?.message ?? `HTTP ${res.status}`, payload);
  }
}
