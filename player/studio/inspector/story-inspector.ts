/** The inspector for the story itself: title, start, revisit and its variables. */
import { html, type TemplateResult } from 'lit';
import type { Scalar, Story } from '../../../engine/story.ts';
import { pointer } from '../../../engine/json-pointer.ts';
import { defaultText } from '../../../engine/text.ts';
import { checkField, labelled, selectField, textField, type FieldContext } from './fields.ts';

export interface StoryActions {
  addVariable: (name: string, value: Scalar) => void;
  removeVariable: (name: string) => void;
}

/** A variable's initial value as typed: numbers and booleans as such, anything else a string. */
export function parseScalar(text: string): Scalar {
  const t = text.trim();
  if (t === 'true' || t === 'false') return t === 'true';
  const n = Number(t);
  return t !== '' && Number.isFinite(n) ? n : text;
}

export function storyInspector(ctx: FieldContext, story: Story, act: StoryActions): TemplateResult {
  const nodes = Object.keys(story.nodes).map((id) => [id, story.nodes[id]?.title ? `${defaultText(story.nodes[id]!.title, story)} (${id})` : id] as const);
  return html`<section class="inspector story" aria-label="Story">
    <h2>Story <code>${story.id}</code></h2>
    ${textField(ctx, 'Title', '/title', story.title)}
    ${textField(ctx, 'Description', '/description', story.description, { optional: true, multiline: true })}
    ${selectField(ctx, 'Starts at', '/start', story.start, nodes)}
    ${checkField(ctx, 'Solo viewers may go back to earlier choices', '/revisit', story.revisit, true)}
    <fieldset class="variables"><legend>Variables</legend>
      ${Object.entries(story.variables ?? {}).map(([name, value]) => html`<div class="row variable">
        ${labelled(name, (id) => html`<input type="text" id=${id} data-pointer=${pointer('variables', name)} .value=${String(value)}
          @change=${(e: Event) => ctx.set(pointer('variables', name), parseScalar((e.target as HTMLInputElement).value))}>`)}
        <span class="type">${typeof value}</span>
        <button type="button" class="remove" aria-label=${`Remove variable ${name}`} @click=${() => act.removeVariable(name)}>✕</button>
      </div>`)}
      <form class="row add-variable" @submit=${(e: Event) => {
        e.preventDefault();
        const form = e.target as HTMLFormElement;
        const name = (form.elements.namedItem('name') as HTMLInputElement).value.trim();
        if (name) act.addVariable(name, parseScalar((form.elements.namedItem('value') as HTMLInputElement).value));
        form.reset();
      }}>
        ${labelled('New variable', (id) => html`<input id=${id} name="name" type="text" pattern="[A-Za-z_][A-Za-z0-9_]*">`)}
        ${labelled('Initial value (0, true, text)', (id) => html`<input id=${id} name="value" type="text" value="0">`)}
        <button type="submit">Add variable</button>
      </form>
    </fieldset>
  </section>`;
}
