/** The inspector's quizzes: one block per quiz, options one per line, the award variable from the story's numbers. */
import { html, type TemplateResult } from 'lit';
import { pointer } from '../../../engine/json-pointer.ts';
import type { Story } from '../../../engine/story.ts';
import { defaultText } from '../../../engine/text.ts';
import { labelled, numberField, selectField, textField, type FieldContext } from './fields.ts';

export interface ListActions {
  add: () => void;
  remove: (index: number) => void;
}

export function quizzesSection(ctx: FieldContext, story: Story, nodeId: string, act: ListActions): TemplateResult {
  const quizzes = story.nodes[nodeId]?.quizzes ?? [];
  const numbers = Object.entries(story.variables ?? {}).filter(([, v]) => typeof v === 'number').map(([k]) => [k, k] as const);
  return html`<fieldset class="quizzes"><legend>Quizzes</legend>
    ${quizzes.map((q, i) => {
      const at = (...t: Array<string | number>) => pointer('nodes', nodeId, 'quizzes', i, ...t);
      return html`<div class="quiz-block">
        ${textField(ctx, 'Quiz id', at('id'), q.id)}
        ${textField(ctx, 'Question', at('prompt'), q.prompt)}
        ${q.options.some((o) => typeof o === 'object')
          // Answers in several languages are edited in the JSON tab: one line per answer cannot hold them.
          ? labelled(`Answers (${ctx.language ?? ''}; edit them in the JSON tab)`, (id) => html`<textarea id=${id} data-pointer=${at('options')} readonly .value=${q.options.map((o) => defaultText(o, story)).join('\n')}></textarea>`)
          : labelled('Answers, one per line', (id) => html`<textarea id=${id} data-pointer=${at('options')} .value=${q.options.join('\n')}
            @change=${(e: Event) => ctx.set(at('options'), (e.target as HTMLTextAreaElement).value.split('\n').map((s) => s.trim()).filter(Boolean))}></textarea>`)}
        <div class="row">
          ${numberField(ctx, 'Right answer (0 = first)', at('answer'), q.answer, { step: 1 })}
          ${numberField(ctx, 'Points', at('points'), q.points, { optional: true })}
          ${numberField(ctx, 'Opens at (s)', at('opens'), q.opens)}
          ${numberField(ctx, 'Closes at (s)', at('closes'), q.closes)}
        </div>
        ${selectField(ctx, 'Award score to', at('award'), q.award, numbers, { optional: true })}
        <button type="button" class="remove" @click=${() => act.remove(i)}>Remove quiz ${q.id}</button>
      </div>`;
    })}
    <button type="button" class="add-quiz" @click=${act.add}>Add quiz</button>
  </fieldset>`;
}
