import type { Route, Story } from './story.ts';

/** `next` as routes: a bare id is one unconditional route. */
export function routesOf(next: string | Route[]): Route[] {
  return typeof next === 'string' ? [{ to: next }] : next;
}

/** One way out of a node: a choice option or the node's `next`. */
export interface Exit {
  to: string;
  /** Option id, or undefined for `next`. */
  option?: string;
}

/** The node graph of a schema-valid story (every option, guards ignored). */
export function exitsOf(story: Story, nodeId: string): Exit[] {
  const node = story.nodes[nodeId];
  if (!node) return [];
  if (node.next !== undefined) return routesOf(node.next).map((r) => ({ to: r.to }));
  return (node.choice?.options ?? []).map((o) => ({ to: o.to, option: o.id }));
}

/** Node ids reachable from `start` by following exits to existing nodes. */
export function reachableFrom(story: Story, start: string): Set<string> {
  const seen = new Set<string>();
  const queue = Object.hasOwn(story.nodes, start) ? [start] : [];
  for (const id of queue) {
    if (seen.has(id)) continue;
    seen.add(id);
    for (const exit of exitsOf(story, id)) if (Object.hasOwn(story.nodes, exit.to) && !seen.has(exit.to)) queue.push(exit.to);
  }
  return seen;
}

/** Node ids from which some ending node can be reached (endings included). */
export function canReachEnding(story: Story): Set<string> {
  const incoming = new Map<string, string[]>();
  for (const id of Object.keys(story.nodes)) {
    for (const exit of exitsOf(story, id)) {
      const list = incoming.get(exit.to) ?? [];
      list.push(id);
      incoming.set(exit.to, list);
    }
  }
  const good = new Set<string>();
  const queue = Object.keys(story.nodes).filter((id) => story.nodes[id]?.ending);
  for (const id of queue) {
    if (good.has(id)) continue;
    good.add(id);
    for (const from of incoming.get(id) ?? []) if (!good.has(from)) queue.push(from);
  }
  return good;
}

/**
 * Strongly connected components that contain a cycle (size > 1, or a self
 * loop), by an iterative Tarjan so a 10,000-node chain cannot overflow the stack.
 */
export function cyclicComponents(story: Story): string[][] {
  const ids = Object.keys(story.nodes);
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const result: string[][] = [];
  let counter = 0;
  const successors = (id: string) => exitsOf(story, id).map((e) => e.to).filter((to) => Object.hasOwn(story.nodes, to));

  for (const root of ids) {
    if (index.has(root)) continue;
    const work: Array<{ id: string; next: string[]; i: number }> = [];
    const enter = (id: string) => {
      index.set(id, counter);
      low.set(id, counter);
      counter++;
      stack.push(id);
      onStack.add(id);
      work.push({ id, next: successors(id), i: 0 });
    };
    enter(root);
    while (work.length > 0) {
      const frame = work[work.length - 1]!;
      if (frame.i < frame.next.length) {
        const to = frame.next[frame.i++]!;
        if (!index.has(to)) enter(to);
        else if (onStack.has(to)) low.set(frame.id, Math.min(low.get(frame.id)!, index.get(to)!));
        continue;
      }
      work.pop();
      const parent = work[work.length - 1];
      if (parent) low.set(parent.id, Math.min(low.get(parent.id)!, low.get(frame.id)!));
      if (low.get(frame.id) === index.get(frame.id)) {
        const component: string[] = [];
        let member: string;
        do {
          member = stack.pop()!;
          onStack.delete(member);
          component.push(member);
        } while (member !== frame.id);
        if (component.length > 1 || successors(frame.id).includes(frame.id)) result.push(component.reverse());
      }
    }
  }
  return result;
}
