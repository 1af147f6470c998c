import type { Story } from './story.ts';
import { defaultText } from './text.ts';
import { exitsOf } from './story-graph.ts';

export type GraphFormat = 'mermaid' | 'dot';

/** Renders the story's node graph for documentation: Mermaid flowchart or Graphviz DOT. */
export function exportGraph(story: Story, format: GraphFormat): string {
  return format === 'mermaid' ? toMermaid(story) : toDot(story);
}

function label(story: Story, id: string): string {
  const node = story.nodes[id];
  const title = node?.title === undefined ? id : defaultText(node.title, story);
  return node?.ending ? `${title} (ending)` : title;
}

function optionLabel(story: Story, from: string, option: string | undefined): string | undefined {
  if (option === undefined) return undefined;
  const choice = story.nodes[from]?.choice;
  const o = choice?.options.find((x) => x.id === option);
  const marks = [o?.if !== undefined ? 'if' : '', choice?.default === option ? 'default' : ''].filter(Boolean);
  return `${o ? defaultText(o.label, story) : option}${marks.length ? ` [${marks.join(', ')}]` : ''}`;
}

const mermaidText = (s: string) => s.replace(/["<>|]/g, (c) => `#${c.charCodeAt(0)};`);

function toMermaid(story: Story): string {
  const lines = ['flowchart TD'];
  for (const id of Object.keys(story.nodes)) {
    const text = `"${mermaidText(label(story, id))}"`;
    lines.push(story.nodes[id]?.ending ? `  ${id}([${text}])` : `  ${id}[${text}]`);
  }
  for (const id of Object.keys(story.nodes)) {
    for (const exit of exitsOf(story, id)) {
      const text = optionLabel(story, id, exit.option);
      lines.push(text ? `  ${id} -->|"${mermaidText(text)}"| ${exit.to}` : `  ${id} --> ${exit.to}`);
    }
  }
  lines.push(`  style ${story.start} stroke-width:3px`);
  return lines.join('\n') + '\n';
}

const dotText = (s: string) => JSON.stringify(s);

function toDot(story: Story): string {
  const lines = [`digraph ${dotText(story.id)} {`, '  rankdir=LR;', '  node [shape=box];'];
  for (const id of Object.keys(story.nodes)) {
    const attrs = [`label=${dotText(label(story, id))}`];
    if (story.nodes[id]?.ending) attrs.push('shape=doublecircle');
    if (id === story.start) attrs.push('penwidth=3');
    lines.push(`  ${dotText(id)} [${attrs.join(', ')}];`);
  }
  for (const id of Object.keys(story.nodes)) {
    for (const exit of exitsOf(story, id)) {
      const text = optionLabel(story, id, exit.option);
      lines.push(`  ${dotText(id)} -> ${dotText(exit.to)}${text ? ` [label=${dotText(text)}]` : ''};`);
    }
  }
  lines.push('}');
  return lines.join('\n') + '\n';
}
