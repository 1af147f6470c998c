/**
 * Structural edits of a story, as pure functions on a (copied) story: what
 * the studio's buttons and the map's drags do. Each leaves the validator to
 * point at what is left to fix (a choice without a window yet, a target that
 * was deleted) rather than guessing for the author.
 */
import type { Story, StoryNode } from '../../engine/story.ts';

const ID = /^[A-Za-z0-9_-]{1,64}$/;

/** A story to start from: one node that ends, so it validates as soon as it has media. */
export function newStory(id: string, title: string): Story {
  return {
    format: 'branchcast/story@1',
    id,
    title,
    start: 'start',
    nodes: { start: placeholderNode(id, 'start', 'The end') },
  };
}

/** A fresh node id: `base`, or `base-2`, `base-3`… */
export function freeNodeId(story: Story, base = 'node'): string {
  if (!Object.hasOwn(story.nodes, base)) return base;
  for (let i = 2; ; i++) if (!Object.hasOwn(story.nodes, `${base}-${i}`)) return `${base}-${i}`;
}

/** Adds a node (an ending until it is connected onwards); returns its id. */
export function addNode(story: Story, id: string = freeNodeId(story)): string {
  story.nodes[id] = placeholderNode(story.id, id, id);
  return id;
}

/** Removes a node. Options and routes that pointed at it stay, so the validator shows them as missing targets. */
export function deleteNode(story: Story, id: string): void {
  if (id === story.start) return; // the start is moved first, never deleted
  delete story.nodes[id];
}

/**
 * Connects `from` to `to`: an ending becomes `next: to`; a `next` becomes a
 * choice between the old target and the new one; a choice gets one more option.
 */
export function connect(story: Story, from: string, to: string): void {
  const node = story.nodes[from];
  if (!node || from === to && !node.choice) return;
  const option = (target: string) => ({ id: freeOptionId(node, target), label: story.nodes[target]?.title ?? target, to: target });
  if (node.choice) {
    node.choice.options.push(option(to));
  } else if (typeof node.next === 'string') {
    const first = option(node.next);
    const duration = node.media.duration;
    const choice = { opens: round(duration * 0.6), closes: round(duration * 0.9), mode: 'vote' as const, default: first.id, options: [first] };
    choice.options.push(option(to));
    delete node.next;
    node.choice = choice;
  } else if (node.next === undefined) {
    delete node.ending;
    node.next = to;
  }
}

/** Renames a node and every reference to it (start, options, routes; choice hotspots name option ids, so are unaffected), and its placeholder media path. */
export function renameNode(story: Story, from: string, to: string): boolean {
  if (!ID.test(to) || to === '__proto__' || Object.hasOwn(story.nodes, to) || !Object.hasOwn(story.nodes, from)) return false;
  const rebuilt: Record<string, StoryNode> = {};
  for (const [id, node] of Object.entries(story.nodes)) rebuilt[id === from ? to : id] = node; // keep the order
  story.nodes = rebuilt;
  if (story.start === from) story.start = to;
  // A placeholder media path follows the node's new name, so two nodes never share a media folder.
  const moved = story.nodes[to]!;
  if (moved.media.src === placeholderSrc(story.id, from)) moved.media.src = placeholderSrc(story.id, to);
  for (const node of Object.values(story.nodes)) {
    for (const o of node.choice?.options ?? []) if (o.to === from) o.to = to;
    if (node.next === from) node.next = to;
    else if (Array.isArray(node.next)) for (const r of node.next) if (r.to === from) r.to = to;
  }
  return true;
}

function placeholderNode(storyId: string, id: string, ending: string): StoryNode {
  return { title: id, media: { src: placeholderSrc(storyId, id), duration: 10 }, ending: { title: ending } };
}

const placeholderSrc = (storyId: string, node: string): string => `${storyId}/${node}/manifest.mpd`;

function freeOptionId(node: StoryNode, base: string): string {
  const taken = new Set(node.choice?.options.map((o) => o.id) ?? []);
  if (!taken.has(base)) return base;
  for (let i = 2; ; i++) if (!taken.has(`${base}-${i}`)) return `${base}-${i}`;
}

const round = (n: number): number => Math.round(n * 10) / 10;
