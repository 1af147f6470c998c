/**
 * What the home page shows for each story: the list from GET /api/stories,
 * then each story itself (GET /api/stories/:id) for its graph thumbnail and
 * its validation state. The state comes from the engine's semantic checks
 * (reachability, endings, variables, texts): every story the server serves
 * already passed the schema on its way in, so the schema validator (the
 * larger part of the engine's validator) stays out of the viewer's bundle.
 */
import { checkSemantics } from '../../engine/semantic-check.ts';
import type { Story } from '../../engine/story.ts';

export interface StoryListEntry {
  id: string;
  title: string;
  description?: string;
  nodes: number;
}

export type Validity =
  | { state: 'valid' }
  | { state: 'warnings' | 'errors'; count: number; first: string }
  /** The story could not be loaded or checked; `reason` says why. */
  | { state: 'unknown'; reason: string };

export interface StoryCard extends StoryListEntry {
  /** Undefined while it loads. */
  story?: Story;
  validity?: Validity;
}

/** Thrown when the server cannot be reached or answers the list with an error. */
export class ServerUnreachable extends Error {}

export async function fetchStoryList(fetchFn: typeof fetch = fetch): Promise<StoryListEntry[]> {
  let res: Response;
  try {
    res = await fetchFn('/api/stories');
  } catch (cause) {
    throw new ServerUnreachable(`the server did not answer (${cause instanceof Error ? cause.message : String(cause)})`);
  }
  if (!res.ok) throw new ServerUnreachable(`the server answered ${res.status}`);
  const body: unknown = await res.json();
  if (!Array.isArray(body)) throw new ServerUnreachable('the server sent no story list');
  return body.filter(isEntry);
}

/** The story and its validity; never throws (a card that fails says why). */
export async function loadStoryCard(entry: StoryListEntry, fetchFn: typeof fetch = fetch): Promise<StoryCard> {
  try {
    const res = await fetchFn(`/api/stories/${encodeURIComponent(entry.id)}`);
    if (!res.ok) return { ...entry, validity: { state: 'unknown', reason: `not loaded (${res.status})` } };
    const story = (await res.json()) as Story;
    return { ...entry, story, validity: validityOf(story) };
  } catch (cause) {
    return { ...entry, validity: { state: 'unknown', reason: `not loaded (${cause instanceof Error ? cause.message : String(cause)})` } };
  }
}

export function validityOf(story: Story): Validity {
  let found;
  try {
    found = checkSemantics(story);
  } catch (cause) {
    return { state: 'unknown', reason: `not checked (${cause instanceof Error ? cause.message : String(cause)})` };
  }
  const errors = found.filter((d) => d.severity === 'error');
  if (errors.length > 0) return { state: 'errors', count: errors.length, first: errors[0]!.message };
  if (found.length > 0) return { state: 'warnings', count: found.length, first: found[0]!.message };
  return { state: 'valid' };
}

/** What the badge says, e.g. "2 warnings" (also its accessible name, with the first finding). */
export function validityText(v: Validity | undefined): string {
  if (!v) return 'Checking…';
  if (v.state === 'valid') return 'Valid';
  if (v.state === 'unknown') return `Not checked: ${v.reason}`;
  const noun = v.state === 'errors' ? 'error' : 'warning';
  return `${v.count} ${noun}${v.count === 1 ? '' : 's'}`;
}

function isEntry(x: unknown): x is StoryListEntry {
  const e = x as Partial<StoryListEntry> | null;
  return typeof e?.id === 'string' && typeof e.title === 'string' && typeof e.nodes === 'number';
}
