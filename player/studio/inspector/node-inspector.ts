/** The inspector for one node: its id and media, how it is left (ending, next, choice), its quizzes and hotspots. */
import { html, nothing, type TemplateResult } from 'lit';
import { pointer } from '../../../engine/json-pointer.ts';
import type { Story } from '../../../engine/story.ts';
import { defaultText } from '../../../engine/text.ts';
import { choiceSection, type ChoiceActions } from './choice-inspector.ts';
import { labelled, numberField, selectField, textField, type FieldContext } from './fields.ts';
import { hotspotsSection } from './hotspot-inspector.ts';
import { quizzesSection, type ListActions } from './quiz-inspector.ts';

export type Exit = 'ending' | 'next' | 'choice';

export interface NodeActions extends ChoiceActions {
  rename: (to: string) => void;
  setExit: (exit: Exit) => void;
  remove: () => void;
  quizzes: ListActions;
  hotspots: ListActions;
  /** The media control (upload and package), drawn by the studio. */
  media: () => TemplateResult | typeof nothing;
}

export function nodeInspector(ctx: FieldContext, story: Story, nodeId: string, act: NodeActions): TemplateResult {
  const node = story.nodes[nodeId];
  if (!node) return html`<p>No node ${nodeId}.</p>`;
  const at = (...t: Array<string | number>) => pointer('nodes', nodeId, ...t);
  const exit: Exit = node.choice ? 'choice' : node.next !== undefined ? 'next' : 'ending';
  const targets = Object.keys(story.nodes).map((id) => [id, story.nodes[id]?.title ? `${defaultText(story.nodes[id]!.title, story)} (${id})` : id] as const);
  const here = ctx.diagnostics.filter((d) => d.path === at());
  return html`<section class="inspector node" aria-label=${`Node ${nodeId}`}>
    <h2>${node.title === undefined ? nodeId : defaultText(node.title, story)}${nodeId === story.start ? html` <span class="tag start">start</span>` : nothing}</h2>
    ${here.length ? html`<ul class="problems-here">${here.map((d) => html`<li class=${d.severity}>${d.message}</li>`)}</ul>` : nothing}
    ${labelled('Node id', (id) => html`<input type="text" id=${id} data-pointer=${at()} .value=${nodeId}
      @change=${(e: Event) => act.rename((e.target as HTMLInputElement).value.trim())}>`)}
    ${textField(ctx, 'Title', at('title'), node.title, { optional: true })}
    <fieldset class="media"><legend>Media</legend>
      ${textField(ctx, 'Manifest (under the media root)', at('media', 'src'), node.media.src)}
      ${numberField(ctx, 'Duration (s)', at('media', 'duration'), node.media.duration)}
      ${act.media()}
    </fieldset>
    ${labelled('When the clip ends', (id) => html`<select id=${id} class="exit" @change=${(e: Event) => act.setExit((e.target as HTMLSelectElement).value as Exit)}>
        <option value="ending" .selected=${exit === 'ending'}>the story ends here</option>
        <option value="next" .selected=${exit === 'next'}>go on to another node</option>
        <option value="choice" .selected=${exit === 'choice'}>ask a choice</option>
      </select>`)}
    ${node.ending ? html`${textField(ctx, 'Ending title', at('ending', 'title'), node.ending.title)}${textField(ctx, 'Ending description', at('ending', 'description'), node.ending.description, { optional: true })}` : nothing}
    ${typeof node.next === 'string' ? selectField(ctx, 'Go on to', at('next'), node.next, targets) : nothing}
    ${Array.isArray(node.next) ? html`<p class="hint">Conditional routes: edit them in the JSON tab.</p>` : nothing}
    ${choiceSection(ctx, story, nodeId, act)}
    ${quizzesSection(ctx, story, nodeId, act.quizzes)}
    ${hotspotsSection(ctx, story, nodeId, act.hotspots)}
    ${nodeId === story.start ? nothing : html`<button type="button" class="delete-node" @click=${act.remove}>Delete node ${nodeId}</button>`}
  </section>`;
}
