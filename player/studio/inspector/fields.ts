/**
 * Inspector inputs bound to a JSON Pointer in the story. Each shows the
 * validator's diagnostics for exactly its pointer under it (and marks itself
 * aria-invalid), so a problem appears at the field it is about; the problems
 * list finds a field by its `data-pointer`. Values are committed on `change`
 * (not per keystroke), so one edit is one undo step.
 */
import { html, nothing, type TemplateResult } from 'lit';
import type { Diagnostic } from '../../../engine/diagnostic.ts';
import { child } from '../../../engine/json-pointer.ts';
import type { Text } from '../../../engine/story.ts';

export interface FieldContext {
  diagnostics: readonly Diagnostic[];
  /** Sets the value at a pointer (undefined removes it). */
  set: (pointer: string, value: unknown) => void;
  /** The story's default language: a text in several languages is edited in it here, the others in the JSON tab. */
  language?: string | undefined;
}

let nextId = 0;

function problems(ctx: FieldContext, pointer: string, id: string): TemplateResult | typeof nothing {
  const here = ctx.diagnostics.filter((d) => d.path === pointer);
  if (here.length === 0) return nothing;
  return html`<ul class="problems-here" id=${id}>${here.map((d) => html`<li class=${d.severity}>${d.message}</li>`)}</ul>`;
}

/**
 * A label tied to its control by `for` (not by wrapping: a wrapping label's
 * name would include the control's own value), then the problems under it.
 */
function wrap(ctx: FieldContext, label: string, pointer: string, input: (describedBy: string, invalid: boolean, id: string) => TemplateResult): TemplateResult {
  const id = `p${nextId++}`;
  const invalid = ctx.diagnostics.some((d) => d.path === pointer && d.severity === 'error');
  return html`<div class="field ${invalid ? 'invalid' : ''}"><label for=${`${id}-in`}>${label}</label>${input(id, invalid, `${id}-in`)}${problems(ctx, pointer, id)}</div>`;
}

/** A plain labelled control for fields that are not bound to a pointer. */
export function labelled(label: string, control: (id: string) => TemplateResult, extraClass = ''): TemplateResult {
  const id = `c${nextId++}`;
  return html`<div class="field ${extraClass}"><label for=${id}>${label}</label>${control(id)}</div>`;
}

/**
 * A text field. For a text in several languages (`{ en, fr }`) it shows and
 * sets the default language's string at `<pointer>/<lang>` and says which
 * language it is, rather than "[object Object]".
 */
export function textField(ctx: FieldContext, label: string, pointer: string, text: Text | undefined, options: { optional?: boolean; multiline?: boolean } = {}): TemplateResult {
  const lang = typeof text === 'object' ? ctx.language ?? Object.keys(text)[0] : undefined;
  const value = typeof text === 'object' ? (lang === undefined ? undefined : text[lang]) : text;
  const commit = (e: Event) => {
    const v = (e.target as HTMLInputElement | HTMLTextAreaElement).value;
    if (lang !== undefined) ctx.set(child(pointer, lang), v);
    else ctx.set(pointer, v === '' && options.optional ? undefined : v);
  };
  return wrap(ctx, lang === undefined ? label : `${label} (${lang}; other languages in the JSON tab)`, pointer, (describedBy, invalid, id) => options.multiline
    ? html`<textarea id=${id} data-pointer=${pointer} aria-describedby=${describedBy} aria-invalid=${invalid ? 'true' : 'false'} .value=${value ?? ''} @change=${commit}></textarea>`
    : html`<input type="text" id=${id} data-pointer=${pointer} aria-describedby=${describedBy} aria-invalid=${invalid ? 'true' : 'false'} .value=${value ?? ''} @change=${commit}>`);
}

export function numberField(ctx: FieldContext, label: string, pointer: string, value: number | undefined, options: { optional?: boolean; step?: number } = {}): TemplateResult {
  const commit = (e: Event) => {
    const raw = (e.target as HTMLInputElement).value.trim();
    const n = Number(raw);
    ctx.set(pointer, raw === '' && options.optional ? undefined : Number.isFinite(n) ? n : raw);
  };
  return wrap(ctx, label, pointer, (describedBy, invalid, id) =>
    html`<input type="number" id=${id} step=${options.step ?? 'any'} data-pointer=${pointer} aria-describedby=${describedBy} aria-invalid=${invalid ? 'true' : 'false'} .value=${value === undefined ? '' : String(value)} @change=${commit}>`);
}

export function selectField(ctx: FieldContext, label: string, pointer: string, value: string | undefined, choices: ReadonlyArray<readonly [string, string]>, options: { optional?: boolean } = {}): TemplateResult {
  const commit = (e: Event) => {
    const v = (e.target as HTMLSelectElement).value;
    ctx.set(pointer, v === '' && options.optional ? undefined : v);
  };
  const known = value === undefined || choices.some(([v]) => v === value);
  return wrap(ctx, label, pointer, (describedBy, invalid, id) => html`<select id=${id} data-pointer=${pointer} aria-describedby=${describedBy} aria-invalid=${invalid ? 'true' : 'false'} @change=${commit}>
    ${options.optional || value === undefined ? html`<option value="" .selected=${value === undefined}>—</option>` : nothing}
    ${known ? nothing : html`<option value=${value} selected>${value} (missing)</option>`}
    ${choices.map(([v, text]) => html`<option value=${v} .selected=${v === value}>${text}</option>`)}
  </select>`);
}

/** A boolean whose default is `fallback`: set back to the default, it is removed from the JSON. */
export function checkField(ctx: FieldContext, label: string, pointer: string, value: boolean | undefined, fallback: boolean): TemplateResult {
  const commit = (e: Event) => {
    const v = (e.target as HTMLInputElement).checked;
    ctx.set(pointer, v === fallback ? undefined : v);
  };
  return wrap(ctx, label, pointer, (describedBy, _invalid, id) =>
    html`<input type="checkbox" id=${id} data-pointer=${pointer} aria-describedby=${describedBy} .checked=${value ?? fallback} @change=${commit}>`);
}
