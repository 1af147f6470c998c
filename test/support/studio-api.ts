/** Helpers over the story studio API (docs/studio-api.md) for tests. */
import { minimalStory } from './story-fixtures.ts';
import type { Story } from '../../engine/index.ts';

export interface Answer {
  status: number;
  etag: string | null;
  /** Parsed JSON, or the text when it is not JSON. */
  body: unknown;
}

/** One request: `key` as a Bearer credential, `body` sent as JSON (a string as is), extra headers. */
export async function call(base: string, method: string, path: string, options: { key?: string | undefined; body?: unknown; headers?: Record<string, string> } = {}): Promise<Answer> {
  const res = await fetch(`${base}${path}`, {
    method,
    headers: { ...(options.key ? { Authorization: `Bearer ${options.key}` } : {}), ...(options.body !== undefined ? { 'Content-Type': 'application/json' } : {}), ...options.headers },
    ...(options.body !== undefined ? { body: typeof options.body === 'string' ? options.body : JSON.stringify(options.body) } : {}),
  });
  const text = await res.text();
  let body: unknown = text;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    /* not JSON */
  }
  return { status: res.status, etag: res.headers.get('etag'), body };
}

/** A small valid story (engine's minimal fixture) under `id`, with `title`, and optionally another ending title. */
export function draft(id: string, title: string, ending = 'The end'): Story {
  const story = { ...minimalStory(), id, title };
  story.nodes = { ...story.nodes, end: { media: { src: 'end/manifest.mpd', duration: 10 }, ending: { title: ending } } };
  return story;
}

/** The error code of an API error body. */
export const code = (answer: Answer): unknown => (answer.body as { error?: { code?: unknown } } | undefined)?.error?.code;
