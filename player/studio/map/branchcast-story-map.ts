/**
 * <branchcast-story-map>: the studio's map of a story (issue 16). Cards for
 * nodes, labelled edges for options and routes, problem badges from the
 * validator's diagnostics, laid out automatically (dagre) and re-laid out only
 * when the graph's structure changes.
 *
 * Properties (JS): `story: Story | null`, `diagnostics: Diagnostic[]`,
 * `selected: string | null`, `thumbnails: ((nodeId) => string | null) | null`,
 * `search: string`.
 * Events (bubbling, composed): `node-select` {id}, `node-open` {id},
 * `node-connect` {from, to} (to: null = "a new node here").
 * Custom properties: `--accent` (start, selection, focus), `--match` (search hits).
 */
import { LitElement, html, nothing, svg, type PropertyValues } from 'lit';
import type { Diagnostic } from '../../../engine/diagnostic.ts';
import type { Story } from '../../../engine/story.ts';
import { startConnect } from './connect-drag.ts';
import { problemsByNode, type NodeProblems } from './diagnostic-nodes.ts';
import { edgeGeometry, type EdgeGeometry } from './edge-geometry.ts';
import { cardTemplate } from './map-cards.ts';
import { edgeDefs, edgeLabel, edgePath, missingMarker } from './map-edges.ts';
import { mapStyles } from './map-styles.ts';
import { keyAction } from './map-keys.ts';
import { PanZoom } from './pan-zoom.ts';
import { searchMatches } from './search-match.ts';
import { storyGraph, type MapGraph } from './story-map-graph.ts';
import { LayoutCache, type MapLayout } from './story-map-layout.ts';
import { centreOn, fitView, isOnScreen } from './viewport.ts';

export type ThumbnailSource = (nodeId: string) => string | null;

export class BranchcastStoryMap extends LitElement {
  static override styles = mapStyles;
  static override properties = {
    story: { attribute: false },
    diagnostics: { attribute: false },
    selected: { attribute: false },
    thumbnails: { attribute: false },
    search: { attribute: false },
    current: { state: true },
  };

  // Lit gotcha: `declare` + constructor assignment, never field initialisers (a class field would shadow Lit's reactive accessor).
  declare story: Story | null;
  declare diagnostics: Diagnostic[];
  declare selected: string | null;
  declare thumbnails: ThumbnailSource | null;
  declare search: string;
  /** Index into the search matches of the one Enter last centred. */
  declare current: number;

  readonly panZoom: PanZoom;
  readonly #layouts = new LayoutCache();
  #graph: MapGraph | null = null;
  #layout: MapLayout | null = null;
  #edges: EdgeGeometry[] = [];
  #problems = new Map<string, NodeProblems>();
  #matches: string[] = [];
  /** Story id of the last fit: a different story is fitted again, an edited one keeps its view. */
  #fittedStory: string | null = null;

  constructor() {
    super();
    this.story = null;
    this.diagnostics = [];
    this.selected = null;
    this.thumbnails = null;
    this.search = '';
    this.current = 0;
    this.panZoom = new PanZoom(() => this.renderRoot?.querySelector?.('svg.world') ?? null);
  }

  /** The current layout (for the studio and tests): card boxes in map units, by node id. */
  get layout(): MapLayout | null {
    return this.#layout;
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.panZoom.detach();
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('story')) this.#relayout();
    if (!this.story) this.#fittedStory = null;
    if (changed.has('diagnostics')) this.#problems = problemsByNode(this.diagnostics ?? []);
    if (changed.has('search') || changed.has('story')) {
      const before = this.#matches.join('\n');
      this.#matches = this.#graph ? this.#inLayoutOrder(searchMatches(this.#graph.nodes, this.search ?? '')) : [];
      if (changed.has('search') || before !== this.#matches.join('\n')) this.current = 0;
    }
  }

  protected override firstUpdated(): void {
    const viewport = this.renderRoot.querySelector<HTMLElement>('.viewport');
    if (viewport) this.panZoom.attach(viewport, (t) => t === viewport || (t instanceof Element && t.matches('svg.world, .edges *, .labels *')));
  }

  protected override updated(changed: PropertyValues<this>): void {
    this.panZoom.apply();
    if (this.#layout && this.story && this.#fittedStory !== this.story.id) {
      this.#fittedStory = this.story.id;
      this.fit();
    }
    if (changed.has('search') && this.search && this.#matches.length > 0) this.#reveal(this.#matches[0]!, true);
    if (changed.has('selected') && this.selected && changed.get('selected') !== undefined) this.#reveal(this.selected, false);
  }

  /** The whole map on screen. */
  fit(): void {
    const size = this.#screen();
    if (this.#layout && size) this.panZoom.set(fitView(this.#layout, size));
  }

  zoom(factor: number): void {
    const size = this.#screen();
    if (size) this.panZoom.zoomBy(factor, { x: size.width / 2, y: size.height / 2 });
  }

  /** Moves to the next (or previous) search match and centres it. */
  nextMatch(step = 1): void {
    if (this.#matches.length === 0) return;
    this.current = (this.current + step + this.#matches.length) % this.#matches.length;
    this.#reveal(this.#matches[this.current]!, true);
  }

  #relayout(): void {
    const previous = this.#layout;
    this.#graph = this.story ? storyGraph(this.story) : null;
    this.#layout = this.#graph ? this.#layouts.get(this.#graph) : null;
    this.#edges = this.#graph && this.#layout ? edgeGeometry(this.#graph.edges, this.#layout) : [];
    // Keep the viewport across a re-layout: the selected card (or any card both layouts have) stays where it was on screen.
    if (previous && this.#layout && previous !== this.#layout) {
      const anchor = [this.selected, ...previous.cards.keys()].find((id) => id && previous.cards.has(id) && this.#layout!.cards.has(id));
      const a = anchor ? previous.cards.get(anchor) : undefined;
      const b = anchor ? this.#layout.cards.get(anchor) : undefined;
      if (a && b) this.panZoom.panBy((a.x - b.x) * this.panZoom.view.k, (a.y - b.y) * this.panZoom.view.k);
    }
  }

  #inLayoutOrder(ids: string[]): string[] {
    const cards = this.#layout?.cards;
    if (!cards) return ids;
    return [...ids].sort((a, b) => (cards.get(a)?.x ?? 0) - (cards.get(b)?.x ?? 0) || (cards.get(a)?.y ?? 0) - (cards.get(b)?.y ?? 0));
  }

  #screen(): { width: number; height: number } | null {
    const el = this.renderRoot?.querySelector?.('.viewport');
    return el ? { width: el.clientWidth, height: el.clientHeight } : null;
  }

  /** Centres a card (always, or only when it is not wholly on screen). */
  #reveal(id: string, always: boolean): void {
    const box = this.#layout?.cards.get(id);
    const size = this.#screen();
    if (!box || !size || (!always && isOnScreen(this.panZoom.view, box, size))) return;
    this.panZoom.set(centreOn(this.panZoom.view, { x: box.x + box.w / 2, y: box.y + box.h / 2 }, size));
  }

  #emit(type: 'node-select' | 'node-open', id: string): void {
    this.dispatchEvent(new CustomEvent(type, { detail: { id }, bubbles: true, composed: true }));
  }

  #select(id: string): void {
    this.selected = id;
    this.#emit('node-select', id);
  }

  #cardOf(e: Event): string | null {
    const target = e.target instanceof Element ? e.target : null;
    if (!target || target.closest('.port')) return null;
    return target.closest('[data-node]')?.getAttribute('data-node') ?? null;
  }

  #onClick = (e: MouseEvent) => {
    const id = this.#cardOf(e);
    if (id !== null) this.#select(id);
  };

  #onDblClick = (e: MouseEvent) => {
    const id = this.#cardOf(e);
    if (id !== null) this.#emit('node-open', id);
  };

  #onPointerDown = (e: PointerEvent) => {
    const port = e.target instanceof SVGCircleElement && e.target.classList.contains('port') ? e.target : null;
    const from = port?.getAttribute('data-port');
    if (!port || !from || e.button !== 0) return;
    startConnect({
      viewport: () => this.renderRoot.querySelector('.viewport'),
      line: () => this.renderRoot.querySelector('.drag-line'),
      view: () => this.panZoom.view,
      nodeAt: (x, y) => (this.renderRoot as ShadowRoot).elementFromPoint(x, y)?.closest('[data-node]')?.getAttribute('data-node') ?? null,
      connect: (f, to) => this.dispatchEvent(new CustomEvent('node-connect', { detail: { from: f, to }, bubbles: true, composed: true })),
    }, port, from, e);
  };

  #onKeyDown = (e: KeyboardEvent) => {
    if (e.target instanceof HTMLInputElement) return;
    const action = keyAction(e);
    if (!action) return;
    e.preventDefault();
    if (action.kind === 'pan') this.panZoom.panBy(action.dx, action.dy);
    else if (action.kind === 'zoom') this.zoom(action.factor);
    else if (action.kind === 'fit') this.fit();
    else {
      const id = this.#cardOf(e);
      if (id === null) return;
      if (action.kind === 'open') this.#emit('node-open', id);
      else this.#select(id);
    }
  };

  #onFocusIn = (e: FocusEvent) => {
    const id = this.#cardOf(e);
    if (id !== null) this.#reveal(id, false);
  };

  #onSearchKey = (e: KeyboardEvent) => {
    if (e.key !== 'Enter') return;
    e.preventDefault();
    this.nextMatch(e.shiftKey ? -1 : 1);
  };

  override render() {
    const layout = this.#layout;
    const graph = this.#graph;
    const matchCount = this.#matches.length;
    return html`
      <div class="toolbar" role="toolbar" aria-label="Story map">
        <input type="search" placeholder="Find a node…" aria-label="Find a node" .value=${this.search ?? ''}
          @input=${(e: Event) => (this.search = (e.target as HTMLInputElement).value)} @keydown=${this.#onSearchKey}>
        <span class="count" aria-live="polite">${this.search ? (matchCount ? `${this.current + 1}/${matchCount}` : 'none') : ''}</span>
        <span class="spacer"></span>
        <button class="zoom-out" aria-label="Zoom out" @click=${() => this.zoom(1 / 1.25)}>−</button>
        <button class="zoom-in" aria-label="Zoom in" @click=${() => this.zoom(1.25)}>+</button>
        <button class="fit" aria-label="Fit to screen" @click=${() => this.fit()}>Fit</button>
      </div>
      <div class="viewport" tabindex="0" aria-label="Story map: arrow keys pan, + and − zoom, 0 fits; Tab through the nodes, Enter selects, Shift+Enter opens"
        @click=${this.#onClick} @dblclick=${this.#onDblClick} @pointerdown=${this.#onPointerDown} @keydown=${this.#onKeyDown} @focusin=${this.#onFocusIn}>
        ${layout && graph ? this.#world(layout, graph) : html`<div class="empty">No story</div>`}
      </div>`;
  }

  #world(layout: MapLayout, graph: MapGraph) {
    const matches = new Set(this.#matches);
    const currentMatch = this.search ? this.#matches[this.current] : undefined;
    const ordered = this.#inLayoutOrder(graph.nodes.map((n) => n.id));
    const nodes = new Map(graph.nodes.map((n) => [n.id, n]));
    return html`<svg class="world" width=${layout.width} height=${layout.height} viewBox="0 0 ${layout.width} ${layout.height}">
      ${edgeDefs}
      <g class="edges">${this.#edges.map(edgePath)}</g>
      <g class="labels">${this.#edges.map(edgeLabel)}</g>
      <g class="missing">${graph.edges.filter((e) => e.missing).map((e) => {
        const box = layout.missing.get(e.key);
        return box ? missingMarker(e, box) : nothing;
      })}</g>
      <g class="cards">${ordered.map((id) => cardTemplate(nodes.get(id)!, layout.cards.get(id)!, {
        problems: this.#problems.get(id),
        selected: id === this.selected,
        match: matches.has(id),
        current: id === currentMatch,
        thumbnail: this.thumbnails?.(id) ?? null,
      }))}</g>
      ${svg`<path class="drag-line" d=""></path>`}
    </svg>`;
  }
}

if (!customElements.get('branchcast-story-map')) customElements.define('branchcast-story-map', BranchcastStoryMap);

declare global {
  interface HTMLElementTagNameMap {
    'branchcast-story-map': BranchcastStoryMap;
  }
}
