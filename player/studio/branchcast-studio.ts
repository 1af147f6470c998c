/**
 * <branchcast-studio>: edit one story. The map (or, for keyboard and screen
 * reader users, the node list) picks a node; the inspector edits it through
 * JSON Pointers; the engine's validator re-checks every edit and its findings
 * sit on the fields and nodes they point at, with a problems list that jumps
 * to them; a raw JSON tab shows the source of truth. Save makes a new version
 * (If-Match the one the draft started from); preview plays the draft with
 * the solo player; a live room can be started from the saved story.
 *
 * Properties: `api` (StudioApi), `draft` (StoryDraft). Events: none.
 */
import { LitElement, html, nothing, type TemplateResult } from 'lit';
import type { Diagnostic } from '../../engine/diagnostic.ts';
import { pointer } from '../../engine/json-pointer.ts';
import { defaultLanguage, defaultText } from '../../engine/text.ts';
import { storyInspector } from './inspector/story-inspector.ts';
import { nodeInspector } from './inspector/node-inspector.ts';
import { labelled, type FieldContext } from './inspector/fields.ts';
import { nodeOfPath, problemsList } from './problems-list.ts';
import { addNode, connect } from './story-edits.ts';
import { nodeActions, setField, storyActions, type StudioHooks } from './studio-actions.ts';
import { StudioError, type StudioApi, type RoomCreated } from './studio-api.ts';
import { StoryDraft } from './story-draft.ts';
import { versionsPanel, type VersionsState } from './versions-panel.ts';
import { studioStyles } from './studio-styles.ts';
import { uploadAndPackage } from './media-upload.ts';
import { previewDialog, type PreviewState } from './studio-preview-view.ts';
import { nodeList } from './node-list.ts';
import { mapThumbnails } from './frame-urls.ts';
import './map/branchcast-story-map.ts';

export class BranchcastStudio extends LitElement {
  static override styles = studioStyles;
  static override properties = {
    api: { attribute: false },
    draft: { attribute: false },
    selected: { state: true },
    tab: { state: true },
    message: { state: true },
    upload: { state: true },
    room: { state: true },
    preview: { state: true },
    versions: { state: true },
  };

  declare api: StudioApi | null;
  declare draft: StoryDraft | null;
  declare selected: string | null;
  declare tab: 'map' | 'json';
  declare message: { kind: 'ok' | 'error'; text: string } | null;
  declare upload: { node: string; share: number; stage: string } | null;
  declare room: RoomCreated | null;
  declare preview: PreviewState | null;
  declare versions: VersionsState | null;

  constructor() {
    super();
    this.api = null;
    this.draft = null;
    this.selected = null;
    this.tab = 'map';
    this.message = null;
    this.upload = null;
    this.room = null;
    this.preview = null;
    this.versions = null;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    addEventListener('keydown', this.#keys);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    removeEventListener('keydown', this.#keys);
  }

  #keys = (e: KeyboardEvent): void => {
    if (!(e.ctrlKey || e.metaKey) || !this.draft) return;
    if (e.key === 'z' && !e.shiftKey) { e.preventDefault(); this.#undo(); }
    else if (e.key === 'y' || (e.key === 'z' && e.shiftKey)) { e.preventDefault(); this.#redo(); }
    else if (e.key === 's') { e.preventDefault(); void this.#save(); }
  };

  override render(): TemplateResult {
    const draft = this.draft;
    if (!draft) return html`<p>No story open.</p>`;
    const story = draft.story;
    const ctx: FieldContext = { diagnostics: draft.diagnostics, language: defaultLanguage(story), set: (at, value) => { if (setField(draft, at, value)) this.requestUpdate(); } };
    return html`
      <header class="toolbar" role="toolbar" aria-label="Story">
        <h1>${defaultText(story.title, story)} <code>${story.id}</code></h1>
        <button class="save" @click=${() => void this.#save()} ?disabled=${!draft.dirty}>Save${draft.dirty ? ' *' : ''}</button>
        <button class="undo" @click=${() => this.#undo()} ?disabled=${!draft.canUndo}>Undo</button>
        <button class="redo" @click=${() => this.#redo()} ?disabled=${!draft.canRedo}>Redo</button>
        <button class="add-node" @click=${() => this.#addNode()}>Add node</button>
        <button class="open-preview" @click=${() => this.#openPreview()}>Preview</button>
        <button class="show-versions" @click=${() => void this.#versions()} ?disabled=${draft.etag === null}>Versions</button>
        <button class="live" @click=${() => void this.#startRoom()} ?disabled=${draft.dirty || draft.errors > 0}>Start live room</button>
        <span class="status ${draft.errors ? 'bad' : 'good'}" role="status">${draft.errors ? `${draft.errors} error${draft.errors === 1 ? '' : 's'}` : 'valid'}</span>
        <span role="tablist" class="tabs">
          <button role="tab" aria-selected=${this.tab === 'map' ? 'true' : 'false'} @click=${() => { this.tab = 'map'; }}>Map</button>
          <button role="tab" class="json-tab" aria-selected=${this.tab === 'json' ? 'true' : 'false'} @click=${() => { this.tab = 'json'; }}>JSON</button>
        </span>
      </header>
      ${this.message ? html`<p class="message ${this.message.kind}" role=${this.message.kind === 'error' ? 'alert' : 'status'}>${this.message.text}</p>` : nothing}
      ${this.room ? html`<p class="room-links" role="status">Live room ${this.room.id}: <a class="host-link" target="_blank" rel="noopener" href=${`${this.room.hostUrl}#token=${encodeURIComponent(this.room.hostToken)}`}>host console</a> · <a class="viewer-link" target="_blank" rel="noopener" href=${this.room.joinUrl}>viewer link</a></p>` : nothing}
      <div class="workspace">
        <div class="left">
          ${this.tab === 'map'
            ? html`<branchcast-story-map .story=${story} .diagnostics=${draft.diagnostics} .selected=${this.selected} .thumbnails=${mapThumbnails(story)}
                @node-select=${(e: CustomEvent<{ id: string }>) => { this.selected = e.detail.id; }}
                @node-connect=${(e: CustomEvent<{ from: string; to: string | null }>) => this.#connect(e.detail.from, e.detail.to)}></branchcast-story-map>
              ${nodeList(story, draft.diagnostics, this.selected, (id) => { this.selected = id; })}`
            : labelled('Story JSON (the source of truth)', (id) => html`<textarea id=${id} class="json-text" spellcheck="false" .value=${draft.text()}
                @change=${(e: Event) => { draft.setText((e.target as HTMLTextAreaElement).value); this.requestUpdate(); }}></textarea>`, 'json')}
        </div>
        <div class="right">
          ${this.selected && story.nodes[this.selected]
            ? nodeInspector(ctx, story, this.selected, nodeActions(draft, this.selected, this.#hooks()))
            : storyInspector(ctx, story, storyActions(draft, this.#hooks()))}
        </div>
      </div>
      ${this.versions ? versionsPanel(this.versions, draft.etag, { close: () => { this.versions = null; }, showDiff: (v) => void this.#versions(v), restore: (v) => void this.#restore(v) }) : nothing}
      ${problemsList(draft.diagnostics, (d) => void this.#jump(d))}
      ${this.preview ? previewDialog(this.preview, story, { close: () => { this.preview = null; }, restart: (p) => { this.preview = p; } }) : nothing}`;
  }

  #hooks(): StudioHooks {
    return {
      changed: () => this.requestUpdate(),
      select: (node) => { this.selected = node; },
      say: (text) => { this.message = { kind: 'error', text }; },
      media: () => this.#mediaControl(),
    };
  }

  #mediaControl(): TemplateResult {
    const node = this.selected;
    const busy = this.upload && this.upload.node === node ? this.upload : null;
    return html`${labelled('Upload a clip for this node (packaged with keyframes on its cues)', (id) => html`<input id=${id} type="file" accept="video/*" ?disabled=${!!this.upload} @change=${(e: Event) => void this.#uploadClip(e)}>`, 'upload')}
      ${busy ? html`<progress class="upload-progress" max="1" .value=${busy.share} aria-label=${`Clip ${busy.stage}`}></progress> <span>${busy.stage}…</span>` : nothing}`;
  }

  async #uploadClip(e: Event): Promise<void> {
    const input = e.target as HTMLInputElement;
    const file = input.files?.[0];
    const node = this.selected;
    const { api, draft } = this;
    if (!file || !node || !api || !draft) return;
    // The server packages into a story it knows: a story never saved is saved first.
    if (draft.etag === null && !(await this.#save())) {
      input.value = '';
      return;
    }
    this.upload = { node, share: 0, stage: 'uploading' };
    try {
      const packaged = await uploadAndPackage(api, draft.story.id, node, file, (share, stage) => { this.upload = { node, share, stage }; });
      draft.edit((s) => {
        const n = s.nodes[node];
        if (n) n.media = { ...n.media, src: packaged.src, duration: Math.round(packaged.duration * 1000) / 1000 };
      });
      this.message = { kind: 'ok', text: `${file.name} is packaged for ${node} (${packaged.duration.toFixed(1)} s).` };
    } catch (error) {
      this.message = { kind: 'error', text: `The clip could not be added: ${(error as Error).message}` };
    } finally {
      this.upload = null;
      input.value = '';
    }
  }

  #undo(): void { this.draft?.undo(); this.requestUpdate(); }
  #redo(): void { this.draft?.redo(); this.requestUpdate(); }

  #addNode(): void {
    let id = '';
    this.draft?.edit((s) => { id = addNode(s); });
    this.selected = id;
  }

  #connect(from: string, to: string | null): void {
    this.draft?.edit((s) => connect(s, from, to ?? addNode(s)));
    this.requestUpdate();
  }

  /** Saves a new version; true once the server holds the draft. */
  async #save(): Promise<boolean> {
    const { api, draft } = this;
    if (!api || !draft) return false;
    if (!draft.dirty && draft.etag !== null) return true;
    try {
      draft.saved(await api.saveStory(draft.story, draft.etag));
      this.message = { kind: 'ok', text: 'Saved as a new version.' };
      this.requestUpdate();
      return true;
    } catch (e) {
      const err = e as StudioError;
      if (err instanceof StudioError && err.status === 412) this.message = { kind: 'error', text: `Someone else saved this story after you opened it, so nothing was overwritten. ${err.message}` };
      else if (err instanceof StudioError && err.code === 'invalid-story') this.message = { kind: 'error', text: 'The server refused the story: fix the errors listed below first.' };
      else this.message = { kind: 'error', text: `Could not save: ${err.message}` };
    }
    this.requestUpdate();
    return false;
  }

  /** Opens the versions panel, with the diff from `diffFrom` to the current version when given. */
  async #versions(diffFrom?: string): Promise<void> {
    const { api, draft } = this;
    if (!api || !draft) return;
    try {
      const list = await api.versions(draft.story.id);
      this.versions = { list, diff: diffFrom ? await api.diff(draft.story.id, diffFrom) : null };
    } catch (e) {
      this.message = { kind: 'error', text: `Could not list the versions: ${(e as Error).message}` };
    }
  }

  /** Restores a version as a new one, then edits that. */
  async #restore(version: string): Promise<void> {
    const { api, draft } = this;
    if (!api || !draft) return;
    try {
      await api.restore(draft.story.id, version, draft.etag);
      const { story, etag } = await api.getStory(draft.story.id);
      this.draft = new StoryDraft(story, etag);
      this.message = { kind: 'ok', text: 'Restored as a new version.' };
      await this.#versions();
    } catch (e) {
      this.message = { kind: 'error', text: e instanceof StudioError && e.status === 412 ? `Someone else saved after you opened this story: ${e.message}` : `Could not restore: ${(e as Error).message}` };
    }
  }

  async #startRoom(): Promise<void> {
    const { api, draft } = this;
    if (!api || !draft) return;
    try {
      this.room = await api.createRoom(draft.story.id);
    } catch (e) {
      this.message = { kind: 'error', text: `Could not start a room: ${(e as Error).message}` };
    }
  }

  #openPreview(): void {
    const story = this.draft?.story;
    if (!story) return;
    const start = this.selected && story.nodes[this.selected] ? this.selected : story.start;
    this.preview = { start, vars: { ...(story.variables ?? {}) }, path: null, key: Date.now() };
  }

  /** A problem picked in the list: select its node, then focus the field at its pointer (or the nearest one above it). */
  async #jump(d: Diagnostic): Promise<void> {
    this.tab = 'map';
    this.selected = nodeOfPath(d.path);
    await this.updateComplete;
    let at = d.path;
    for (let i = 0; i < 12; i++) {
      const field = this.renderRoot.querySelector<HTMLElement>(`[data-pointer="${CSS.escape(at)}"]`);
      if (field) { field.focus(); field.scrollIntoView({ block: 'center' }); return; }
      if (at === '' || at === pointer()) return;
      at = at.slice(0, at.lastIndexOf('/'));
    }
  }
}

customElements.define('branchcast-studio', BranchcastStudio);

declare global {
  interface HTMLElementTagNameMap { 'branchcast-studio': BranchcastStudio }
}
