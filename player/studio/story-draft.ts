/**
 * The story being edited: the JSON is the source of truth. Every edit is a
 * function applied to a copy of the story; the validator (the engine's own,
 * run in the page) re-checks the result, and the previous story goes on the
 * undo stack. Edits copy the story with structuredClone and change only what
 * they touch, so key order and everything else survive a round trip.
 */
import type { Diagnostic } from '../../engine/diagnostic.ts';
import type { Story } from '../../engine/story.ts';
import { validateStory } from '../../engine/validate.ts';

/** Undo depth: enough for a session, bounded so a long one does not grow without end. */
const MAX_UNDO = 200;

export class StoryDraft {
  #story: Story;
  #undo: Story[] = [];
  #redo: Story[] = [];
  #diagnostics: Diagnostic[];
  /** The ETag of the version this draft started from or last saved (If-Match). */
  etag: string | null;
  /** Story as last saved, to tell whether there are unsaved edits. */
  #savedText: string;
  /** A raw JSON text that does not parse: kept, with its `parse` diagnostic, until fixed or undone. */
  #brokenText: string | null = null;

  constructor(story: Story, etag: string | null = null) {
    this.#story = story;
    this.etag = etag;
    this.#savedText = JSON.stringify(story);
    this.#diagnostics = validateStory(story);
  }

  get story(): Story { return this.#story; }
  get diagnostics(): Diagnostic[] { return this.#diagnostics; }
  get errors(): number { return this.#diagnostics.filter((d) => d.severity === 'error').length; }
  get canUndo(): boolean { return this.#undo.length > 0; }
  get canRedo(): boolean { return this.#redo.length > 0; }
  get dirty(): boolean { return this.#brokenText !== null || JSON.stringify(this.#story) !== this.#savedText; }

  /** The JSON as the author sees and the server stores it. */
  text(): string {
    return this.#brokenText ?? `${JSON.stringify(this.#story, null, 2)}\n`;
  }

  /** Applies an edit to a copy; returns false (and changes nothing) when it changed nothing. */
  edit(change: (story: Story) => void): boolean {
    const next = structuredClone(this.#story);
    change(next);
    if (JSON.stringify(next) === JSON.stringify(this.#story) && this.#brokenText === null) return false;
    this.#push(next);
    return true;
  }

  /** The raw JSON tab: a text that parses replaces the story (one undo step); one that does not is kept with its diagnostics. */
  setText(text: string): void {
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      this.#brokenText = text;
      this.#diagnostics = validateStory(text); // the validator's own parser says where
      return;
    }
    this.#brokenText = null;
    this.#push(value as Story);
  }

  undo(): void {
    const previous = this.#undo.pop();
    if (!previous) return;
    this.#redo.push(this.#story);
    this.#set(previous);
  }

  redo(): void {
    const next = this.#redo.pop();
    if (!next) return;
    this.#undo.push(this.#story);
    this.#set(next);
  }

  /** After a save: this is what the server holds now. */
  saved(etag: string | null): void {
    this.etag = etag;
    this.#savedText = JSON.stringify(this.#story);
  }

  #push(next: Story): void {
    this.#undo.push(this.#story);
    if (this.#undo.length > MAX_UNDO) this.#undo.shift();
    this.#redo = [];
    this.#set(next);
  }

  #set(story: Story): void {
    this.#brokenText = null;
    this.#story = story;
    this.#diagnostics = validateStory(story);
  }
}

/** Diagnostics whose JSON Pointer lies at or under `path` (a node, a field). */
export function diagnosticsAt(diagnostics: readonly Diagnostic[], path: string): Diagnostic[] {
  return diagnostics.filter((d) => d.path === path || d.path.startsWith(`${path}/`));
}
