/**
 * Typed helpers over the HTTP API (docs/protocol.md §1), with `fetch`, so they
 * run in Node 20 and browsers alike. Every non-2xx answer throws an ApiError
 * carrying the API's error code.
 *
 * @example
 *   const operator = new BranchcastApi({ server: 'http://127.0.0.1:8080', credential: adminKey });
 *   const room = await operator.createRoom('demo');
 *   const viewer = await operator.mintViewerToken(room.id);
 */
import type { Story } from '../../engine/story.ts';
import type { RoomCommand } from '../../engine/room/room-types.ts';
import { apiErrorFrom } from './api-error.ts';
import type { CommandAccepted, CreatedRoom, CreatedStory, RoomAnalytics, RoomSnapshot, ViewerToken } from './api-types.ts';

export interface BranchcastApiOptions {
  /** The server's origin, e.g. `http://127.0.0.1:8080`. */
  server: string;
  /** Sent as `Authorization: Bearer …`: the operator key, an author key, or a token for a room. */
  credential?: string;
  /** Default: the global `fetch`. */
  fetch?: typeof fetch;
}

export class BranchcastApi {
  readonly #base: string;
  readonly #options: BranchcastApiOptions;

  constructor(options: BranchcastApiOptions) {
    this.#options = options;
    this.#base = options.server.replace(/\/+$/, '');
  }

  /** The same server with another credential (e.g. a room's host token). */
  as(credential: string): BranchcastApi {
    return new BranchcastApi({ ...this.#options, credential });
  }

  /** `POST /api/stories` (operator or author key): stores the story as a new version; an invalid one throws `invalid-story` with `details.diagnostics`. */
  createStory(story: Story | Record<string, unknown>): Promise<CreatedStory> {
    return this.#json('POST', '/api/stories', story);
  }

  /** `POST /api/rooms` (operator key): a room playing the story's current version. */
  createRoom(storyId: string): Promise<CreatedRoom> {
    return this.#json('POST', '/api/rooms', { story: storyId });
  }

  /** `POST /api/rooms/:id/viewers` (no credential needed): a new viewer identity for the room. */
  mintViewerToken(roomId: string): Promise<ViewerToken> {
    return this.#json('POST', `/api/rooms/${encodeURIComponent(roomId)}/viewers`);
  }

  /** `GET /api/rooms/:id` (operator key, or a token for the room): the room's snapshot now. */
  getRoom(roomId: string): Promise<RoomSnapshot> {
    return this.#json('GET', `/api/rooms/${encodeURIComponent(roomId)}`);
  }

  /** `GET /api/rooms/:id/analytics` (operator key, or the room's host token). */
  analytics(roomId: string): Promise<RoomAnalytics> {
    return this.#json('GET', `/api/rooms/${encodeURIComponent(roomId)}/analytics`);
  }

  /**
   * `POST /api/rooms/:id/commands` (a token for the room). Resolves once the
   * command is durable. It always carries an id (`options.id`, or a fresh one),
   * so calling again with the same id after a network failure is answered
   * by the server instead of applied twice.
   */
  postCommand(roomId: string, cmd: RoomCommand, options: { id?: string } = {}): Promise<CommandAccepted> {
    const id = options.id ?? newCommandId();
    return this.#json('POST', `/api/rooms/${encodeURIComponent(roomId)}/commands`, { id, cmd });
  }

  /** `DELETE /api/rooms/:id` (operator key, or the room's host token): the room closes for good. */
  async closeRoom(roomId: string): Promise<void> {
    await this.#json('DELETE', `/api/rooms/${encodeURIComponent(roomId)}`);
  }

  async #json<T>(method: string, path: string, body?: unknown): Promise<T> {
    const headers: Record<string, string> = {};
    if (this.#options.credential) headers.Authorization = `Bearer ${this.#options.credential}`;
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    const fetchImpl = this.#options.fetch ?? fetch;
    const response = await fetchImpl(`${this.#base}${path}`, { method, headers, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
    const text = await response.text();
    if (!response.ok) throw apiErrorFrom(response.status, text);
    return (text ? JSON.parse(text) : undefined) as T;
  }
}

/** Not crypto: an id only has to be unlikely to repeat among one subject's commands. */
function newCommandId(): string {
  return `sdk-${Date.now().toString(36)}-${Math.floor(Math.random() * 36 ** 8).toString(36)}`;
}
