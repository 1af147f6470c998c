/**
 * Preview: the draft played by the solo player, in this page, from any node
 * and with variables set by hand; or along the shortest path to an ending
 * (the engine's path analysis, as `branchcast paths` prints it), the
 * autopilot taking that path's option at each choice.
 */
import { analysePaths, type EndingPath } from '../../engine/paths.ts';
import type { Scalar, Story } from '../../engine/story.ts';
import type { BranchcastPlayer } from '../elements/branchcast-player.ts';

/** The draft as the preview plays it: starting at `start`, with the variables' initial values replaced. */
export function previewStory(story: Story, start: string, vars: Record<string, Scalar>): Story {
  const copy = structuredClone(story);
  copy.start = start;
  if (copy.variables) for (const [k, v] of Object.entries(vars)) if (Object.hasOwn(copy.variables, k)) copy.variables[k] = v;
  return copy;
}

/** Each reachable ending with the shortest way there; empty when the draft cannot be analysed. */
export function endingPaths(story: Story): EndingPath[] {
  try {
    return analysePaths(story, { limit: 20_000 }).endings;
  } catch {
    return []; // a draft with errors may not compile: the problems list already says why
  }
}

/**
 * Takes `path`'s option whenever one of its choices is open in `player`.
 * Returns a stop function. Polls (4 Hz): the player re-renders at that rate anyway.
 */
export function autopilot(player: BranchcastPlayer, path: EndingPath): () => void {
  const picks = new Map(path.steps.filter((s) => s.option !== undefined).map((s) => [s.from, s.option!]));
  const taken = new Set<string>();
  const timer = setInterval(() => {
    const choice = player.source.model?.choice;
    if (!choice || choice.winner) return;
    const option = picks.get(choice.node);
    const key = `${choice.node}:${player.source.model?.version ?? 0}`;
    if (option && !taken.has(key)) {
      taken.add(key);
      void player.source.command({ type: 'choose', option }).catch(() => undefined);
    }
  }, 250);
  return () => clearInterval(timer);
}
