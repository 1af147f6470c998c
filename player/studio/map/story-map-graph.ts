/**
 * The map's view of a story: cards and labelled edges, one edge per choice
 * option or route. Works on drafts too (the studio edits stories that do not
 * validate yet), so every field is read defensively and an edge whose target
 * is not a node is kept, marked `missing`, for the map to draw to a marker.
 */
import type { Route, Story, StoryNode } from '../../../engine/story.ts';
import { conditionText } from './condition-text.ts';

export interface MapNode {
  id: string;
  title: string | null;
  /** The ending's title when the node is an ending. */
  ending: string | null;
  start: boolean;
}

export type EdgeKind = 'option' | 'next' | 'route';

export interface MapEdge {
  /** Unique and stable: `<from>#<index of the exit>`. */
  key: string;
  from: string;
  to: string;
  label: string;
  kind: EdgeKind;
  /** Guarded by a condition (an option's or a route's `if`). */
  conditional: boolean;
  /** `to` names no node. */
  missing: boolean;
}

export interface MapGraph {
  nodes: MapNode[];
  edges: MapEdge[];
  /**
   * Node ids, start and edge endpoints in order: the layout depends on these
   * and nothing else, so a label edit keeps the same structure (and positions).
   */
  structure: string;
}

export function storyGraph(story: Story): MapGraph {
  const nodes: MapNode[] = [];
  const edges: MapEdge[] = [];
  const all = story.nodes ?? {};
  const lang = typeof story.language === 'string' ? story.language : Array.isArray(story.languages) ? story.languages[0] : undefined;
  for (const [id, node] of Object.entries(all)) {
    nodes.push({ id, title: textOrNull(node?.title, lang), ending: endingTitle(node, lang), start: id === story.start });
    exitsOf(node, lang).forEach((exit, i) => {
      edges.push({ ...exit, key: `${id}#${i}`, from: id, missing: !Object.hasOwn(all, exit.to) });
    });
  }
  const structure = JSON.stringify([story.start ?? '', nodes.map((n) => n.id), edges.map((e) => [e.from, e.to])]);
  return { nodes, edges, structure };
}

type Exit = Pick<MapEdge, 'to' | 'label' | 'kind' | 'conditional'>;

function exitsOf(node: StoryNode | undefined, lang: string | undefined): Exit[] {
  if (!node || typeof node !== 'object') return [];
  if (typeof node.next === 'string') return [{ to: node.next, label: 'then', kind: 'next', conditional: false }];
  if (Array.isArray(node.next)) return node.next.map((r, i, all) => routeExit(r, i, all.length));
  const options = Array.isArray(node.choice?.options) ? node.choice.options : [];
  return options.map((o) => ({ to: String(o?.to ?? ''), label: textOrNull(o?.label, lang) ?? String(o?.id ?? ''), kind: 'option', conditional: o?.if !== undefined }));
}

function routeExit(route: Route | undefined, index: number, count: number): Exit {
  const to = String(route?.to ?? '');
  if (route?.if !== undefined) return { to, label: conditionText(route.if), kind: 'route', conditional: true };
  // The unconditional last route of several is the fallback; a lone one is just "then".
  return { to, label: count > 1 && index > 0 ? 'otherwise' : 'then', kind: 'route', conditional: false };
}

function endingTitle(node: StoryNode | undefined, lang: string | undefined): string | null {
  if (!node?.ending || typeof node.ending !== 'object') return null;
  return textOrNull(node.ending.title, lang) ?? 'Ending';
}

/** A draft's text as a string: a text in several languages shows its default language's (the draft may be invalid, so nothing is assumed). */
function textOrNull(value: unknown, lang: string | undefined): string | null {
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    const texts = value as Record<string, unknown>;
    value = (lang === undefined ? undefined : texts[lang]) ?? Object.values(texts).find((v) => typeof v === 'string');
  }
  return typeof value === 'string' && value.trim() !== '' ? value : null;
}
