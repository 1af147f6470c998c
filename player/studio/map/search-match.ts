/** Which cards a search matches: case-insensitive, on the title, the id and the ending title. */
import type { MapNode } from './story-map-graph.ts';

export function searchMatches(nodes: readonly MapNode[], query: string): string[] {
  const q = query.trim().toLowerCase();
  if (q === '') return [];
  return nodes.filter((n) => [n.id, n.title, n.ending].some((s) => s !== null && s.toLowerCase().includes(q))).map((n) => n.id);
}
