import { getAdjacencyMap, type AdjacencyMap, type SerializedEvent, type SerializedSnapshot } from 'xstate/graph';
import { compileStory } from './compile.ts';
import { describeSnapshot, type StorySnapshot } from './describe.ts';
import type { StoryEvent } from './machine-types.ts';
import type { Story } from './story.ts';
import { defaultText } from './text.ts';
import { possibleEvents } from './story-events.ts';

/** One step of a path through the story: from a node, by an option (or `next`), to a node. */
export interface PathStep {
  from: string;
  to: string;
  /** Option id taken, or undefined when the node continued by `next` or a fallback. */
  option?: string;
}

export interface EndingPath {
  ending: string;
  title: string;
  /** Node ids from the start to the ending. */
  nodes: string[];
  steps: PathStep[];
  /** The machine events that drive the compiled story there. */
  events: StoryEvent[];
}

export interface PathAnalysis {
  /** Every reachable ending with a shortest path (fewest events) to it. */
  endings: EndingPath[];
  /** Ending nodes the machine can never reach. */
  unreachableEndings: string[];
  /** Reachable non-final states from which no ending can be reached: "node/phase" with vars. */
  stuck: Array<{ node: string; phase: string; vars: Record<string, unknown> }>;
  /** Distinct machine states explored. */
  states: number;
  /** True if exploration hit the state limit, so the analysis may be incomplete. */
  truncated: boolean;
}

/**
 * Explores the compiled machine (not the JSON) with every meaningful event,
 * using xstate/graph's adjacency map, and reports endings, shortest paths and
 * stuck states. (getShortestPaths would rebuild the same map; one BFS over it
 * gives the same fewest-event paths at half the cost.)
 * The loop counter is left out of state identity, so waiting loops terminate.
 */
export function analysePaths(story: Story, options: { limit?: number } = {}): PathAnalysis {
  const machine = compileStory(story);
  const limit = options.limit ?? 50_000;
  const serializeState = (s: StorySnapshot) => {
    const { loops: _loops, ...context } = s.context;
    return JSON.stringify([s.value, context]);
  };
  const traversal = {
    events: (s: StorySnapshot) => possibleEvents(story, describeSnapshot(story, s)),
    serializeState: (s: StorySnapshot) => serializeState(s) as SerializedSnapshot,
    serializeEvent: (e: StoryEvent) => JSON.stringify(e) as SerializedEvent,
    limit,
  };
  const adjacency: AdjacencyMap<StorySnapshot, StoryEvent> = getAdjacencyMap(machine, traversal);
  const keys = Object.keys(adjacency) as SerializedSnapshot[];
  const truncated = keys.length >= limit;

  // Reverse reachability from final states.
  const incoming = new Map<string, SerializedSnapshot[]>();
  for (const key of keys) {
    for (const t of Object.values(adjacency[key]!.transitions)) {
      const to = serializeState(t.state);
      incoming.set(to, [...(incoming.get(to) ?? []), key]);
    }
  }
  const canFinish = new Set<string>();
  const queue = keys.filter((k) => adjacency[k]!.state.status === 'done');
  for (const k of queue) {
    if (canFinish.has(k)) continue;
    canFinish.add(k);
    for (const from of incoming.get(k) ?? []) if (!canFinish.has(from)) queue.push(from);
  }
  const stuck = truncated ? [] : keys.filter((k) => !canFinish.has(k)).map((k) => {
    const view = describeSnapshot(story, adjacency[k]!.state);
    return { node: view.node, phase: view.phase, vars: view.vars };
  });

  // Breadth-first over the adjacency map already built: the first time a final
  // state is met, the path to it has the fewest events.
  const best = new Map<string, EndingPath>();
  const initial = keys[0];
  const parent = new Map<SerializedSnapshot, { from: SerializedSnapshot; event: StoryEvent } | null>();
  if (initial !== undefined) parent.set(initial, null);
  const frontier = initial === undefined ? [] : [initial];
  for (const key of frontier) {
    const { state, transitions } = adjacency[key]!;
    if (state.status === 'done') {
      const ending = describeSnapshot(story, state).node;
      if (!best.has(ending)) best.set(ending, toEndingPath(story, ending, pathTo(key)));
      continue;
    }
    for (const t of Object.values(transitions)) {
      const next = serializeState(t.state) as SerializedSnapshot;
      if (!parent.has(next) && adjacency[next]) {
        parent.set(next, { from: key, event: t.event });
        frontier.push(next);
      }
    }
  }
  function pathTo(key: SerializedSnapshot): Array<{ state: StorySnapshot; event: StoryEvent }> {
    const steps: Array<{ state: StorySnapshot; event: StoryEvent }> = [];
    for (let k: SerializedSnapshot | undefined = key; k !== undefined; ) {
      const link = parent.get(k);
      steps.push({ state: adjacency[k]!.state, event: link ? link.event : { type: 'SEGMENT_END' } });
      k = link?.from;
    }
    return steps.reverse();
  }
  const endingIds = Object.keys(story.nodes).filter((id) => story.nodes[id]?.ending);
  return {
    endings: endingIds.filter((id) => best.has(id)).map((id) => best.get(id)!),
    unreachableEndings: endingIds.filter((id) => !best.has(id)),
    stuck,
    states: keys.length,
    truncated,
  };
}

/** Turns an event path into node-to-node steps; each step's state is the snapshot after its event. */
function toEndingPath(story: Story, ending: string, steps: Array<{ state: StorySnapshot; event: StoryEvent }>): EndingPath {
  const nodes = [story.start];
  const out: PathStep[] = [];
  // steps[0] is the machine's initial state, reached by xstate.init.
  let previous = steps[0] ? describeSnapshot(story, steps[0].state) : undefined;
  for (const { state } of steps.slice(1)) {
    const view = describeSnapshot(story, state);
    if (previous && view.node !== previous.node) {
      const step: PathStep = { from: previous.node, to: view.node };
      const choice = story.nodes[previous.node]?.choice;
      if (choice) step.option = previous.choice?.decided ?? choice.default;
      out.push(step);
      nodes.push(view.node);
    }
    previous = view;
  }
  return { ending, title: story.nodes[ending]?.ending ? defaultText(story.nodes[ending]!.ending!.title, story) : ending, nodes, steps: out, events: steps.slice(1).map((s) => s.event) };
}
