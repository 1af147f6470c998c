import { canonicalJson } from './state-hash.ts';
import type { Story } from './story.ts';

/** A node present in both stories whose content differs, and which of its fields did. */
export interface NodeChange {
  id: string;
  /** Top-level fields of the node (`media`, `choice`, `quizzes`…) that differ, sorted. */
  fields: string[];
}

/** What changed from one story to another; every list is sorted, so equal inputs give equal diffs. */
export interface StoryDiff {
  nodesAdded: string[];
  nodesRemoved: string[];
  nodesChanged: NodeChange[];
  /** Top-level story fields other than `nodes` (`title`, `start`, `variables`…) that differ. */
  storyFieldsChanged: string[];
}

const sorted = (values: Iterable<string>): string[] => [...values].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));

/** Keys of two records whose values differ (present in one only, or unequal as canonical JSON). */
function changedKeys(from: Record<string, unknown>, to: Record<string, unknown>, skip?: string): string[] {
  const keys = new Set([...Object.keys(from), ...Object.keys(to)]);
  if (skip !== undefined) keys.delete(skip);
  const changed = [...keys].filter((key) => {
    const a = from[key];
    const b = to[key];
    if (a === undefined || b === undefined) return a !== b;
    return canonicalJson(a) !== canonicalJson(b);
  });
  return sorted(changed);
}

/**
 * The difference from story `from` to story `to`, node by node and field by
 * field (compared as canonical JSON, so key order and whitespace never count).
 * Pure; for the studio's version history (GET /api/stories/:id/versions/:v/diff).
 */
export function diffStories(from: Story, to: Story): StoryDiff {
  const fromNodes = from.nodes as Record<string, unknown>;
  const toNodes = to.nodes as Record<string, unknown>;
  const nodesChanged: NodeChange[] = [];
  for (const id of sorted(Object.keys(toNodes))) {
    if (!Object.hasOwn(fromNodes, id)) continue;
    const fields = changedKeys(fromNodes[id] as Record<string, unknown>, toNodes[id] as Record<string, unknown>);
    if (fields.length > 0) nodesChanged.push({ id, fields });
  }
  return {
    nodesAdded: sorted(Object.keys(toNodes).filter((id) => !Object.hasOwn(fromNodes, id))),
    nodesRemoved: sorted(Object.keys(fromNodes).filter((id) => !Object.hasOwn(toNodes, id))),
    nodesChanged,
    storyFieldsChanged: changedKeys(from as unknown as Record<string, unknown>, to as unknown as Record<string, unknown>, 'nodes'),
  };
}
