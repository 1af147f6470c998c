/** The inspector's choice section: window, mode, default, loop, revisit, and one row per option. */
import { html, type TemplateResult } from 'lit';
import { pointer } from '../../../engine/json-pointer.ts';
import type { Story } from '../../../engine/story.ts';
import { defaultText } from '../../../engine/text.ts';
import { checkField, numberField, selectField, textField, type FieldContext } from './fields.ts';

export interface ChoiceActions {
  addOption: () => void;
  removeOption: (index: number) => void;
}

export function choiceSection(ctx: FieldContext, story: Story, nodeId: string, act: ChoiceActions): TemplateResult {
  const choice = story.nodes[nodeId]?.choice;
  if (!choice) return html``;
  const at = (...t: Array<string | number>) => pointer('nodes', nodeId, 'choice', ...t);
  const targets = Object.keys(story.nodes).map((id) => [id, story.nodes[id]?.title ? `${defaultText(story.nodes[id]!.title, story)} (${id})` : id] as const);
  const loopFrom = typeof choice.loop === 'object' ? choice.loop.from : undefined;
  return html`<fieldset class="choice"><legend>Choice</legend>
    ${textField(ctx, 'Prompt', at('prompt'), choice.prompt, { optional: true })}
    ${selectField(ctx, 'Decided by', at('mode'), choice.mode, [['vote', 'the audience (vote)'], ['host', 'the host'], ['timer', 'a timer (default unless someone acts)']])}
    <div class="row">
      ${numberField(ctx, 'Opens at (s)', at('opens'), choice.opens)}
      ${numberField(ctx, 'Closes at (s)', at('closes'), choice.closes)}
      ${numberField(ctx, 'Switch at (s)', at('switchAt'), choice.switchAt, { optional: true })}
    </div>
    ${selectField(ctx, 'Default option', at('default'), choice.default, choice.options.map((o) => [o.id, defaultText(o.label, story)] as const))}
    <div class="row">
      ${checkField(ctx, 'Loop while undecided', at('loop'), choice.loop !== undefined && choice.loop !== false, false)}
      ${loopFrom !== undefined ? numberField(ctx, 'Loop from (s)', at('loop', 'from'), loopFrom) : html``}
      ${checkField(ctx, 'Solo viewers may come back', at('revisit'), choice.revisit, true)}
    </div>
    <ol class="options">
      ${choice.options.map((o, i) => html`<li class="option-row">
        ${textField(ctx, 'Option id', at('options', i, 'id'), o.id)}
        ${textField(ctx, 'Label', at('options', i, 'label'), o.label)}
        ${selectField(ctx, 'Goes to', at('options', i, 'to'), o.to, targets)}
        <button type="button" class="remove" aria-label=${`Remove option ${defaultText(o.label, story)}`} @click=${() => act.removeOption(i)}>✕</button>
      </li>`)}
    </ol>
    <button type="button" class="add-option" @click=${act.addOption}>Add option</button>
  </fieldset>`;
}
