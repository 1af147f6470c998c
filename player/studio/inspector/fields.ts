/**
 * Inspector inputs bound to a JSON Pointer in the story. Each shows the
 * validator's diagnostics for exactly its pointer under it (and marks itself
 * aria-invalid), so a problem appears at the field it is about; the problems
 * list finds a field by its `data-pointer`. Values are committed on `change`
 * (not per keystroke), so one edit is one undo step.
 */
import { html, nothing, type TemplateResult } from 'lit';
import type { Diagnostic } from '../../../engine/diagnostic.ts';

export interface FieldContext {
  diagnostics: readonly Diagnostic[];
  /** Sets the value at a pointer (undefined removes it). */
  set: (pointer: string, value: unknown) => void;
}

let nextId = 0;

function problems(ctx: FieldContext, pointer: string, id: string): TemplateResult | typeof nothing {
  const here = ctx.diagnostics.filter((d) => d.path === pointer);
  if (here.length === 0) return nothing;
  return html`<ul class="problems-here" id=${id}>${here.map((d) => html`<li class=${d.severity}>${d.message}</li>`)}</ul>`;
}

function wrap(ctx: FieldContext, label: string, pointer: string, input: (describedBy: string, invalid: boolean) => TemplateResult): TemplateResult {
  const id = `p${nextId++}`;
  const invalid = ctx.diagnostics.some((d) => d.path === pointer && d.severity === 'error');
  return html`<label class="field ${invalid ? 'invalid' : ''}"><span>${label}</span>${input(id, invalid)}${problems(ctx, pointer, id)}</label>`;
}

export function textField(ctx: FieldContext, label: string, pointer: string, value: string | undefined, options: { optional?: boolean; multiline?: boolean } = {}): TemplateResult {
  const commit = (e: Event) => {
    const v = (e.target as HTMLInputElement | HTMLTextAreaElement).value;
    ctx.set(pointer, v === '' && options.optional ? undefined : v);
  };
  return wrap(ctx, label, pointer, (describedBy, invalid) => options.multiline
    ? html`<textarea data-pointer=${pointer} aria-describedby=${describedBy} aria-invalid=${invalid ? 'true' : 'false'} .value=${value ?? ''} @change=${commit}></textarea>`
    : html`<input type="text" data-pointer=${pointer} aria-describedby=${describedBy} aria-invalid=${invalid ? 'true' : 'false'} .value=${value ?? ''} @change=${commit}>`);
}

export function numberField(ctx: FieldContext, label: string, pointer: string, value: number | undefined, options: { optional?: boolean; step?: number } = {}): TemplateResult {
  const commit = (e: Event) => {
    const raw = (e.target as HTMLInputElement).value.trim();
    const n = Number(raw);
    ctx.set(pointer, raw === '' && options.optional ? undefined : Number.isFinite(n) ? n : raw);
  };
  return wrap(ctx, label, pointer, (describedBy, invalid) =>
    html`<input type="number" step=${options.step ?? 'any'} data-pointer=${pointer} aria-describedby=${describedBy} aria-invalid=${invalid ? 'true' : 'false'} .value=${value === undefined ? '' : String(value)} @change=${commit}>`);
}

export function selectField(ctx: FieldContext, label: string, pointer: string, value: string | undefined, choices: ReadonlyArray<readonly [string, string]>, options: { optional?: boolean } = {}): TemplateResult {
  const commit = (e: Event) => {
    const v = (e.target as HTMLSelectElement).value;
    ctx.set(pointer, v === '' && options.optional ? undefined : v);
  };
  const known = value === undefined || choices.some(([v]) => v === value);
  return wrap(ctx, label, pointer, (describedBy, invalid) => html`<select data-pointer=${pointer} aria-describedby=${describedBy} aria-invalid=${invalid ? 'true' : 'false'} @change=${commit}>
    ${options.optional || value === undefined ? html`<option value="" ?selected=${value === undefined}>—</option>` : nothing}
    ${known ? nothing : html`<option value=${value} selected>${value} (missing)</option>`}
    ${choices.map(([v, text]) => html`<option value=${v} ?selected=${v === value}>${text}</option>`)}
  </select>`);
}

/** A boolean whose default is `fallback`: set back to the default, it is removed from the JSON. */
export function checkField(ctx: FieldContext, label: string, pointer: string, value: boolean | undefined, fallback: boolean): TemplateResult {
  const commit = (e: Event) => {
    const v = (e.target as HTMLInputElement).checked;
    ctx.set(pointer, v === fallback ? undefined : v);
  };
  return wrap(ctx, label, pointer, (describedBy) =>
    html`<input type="checkbox" data-pointer=${pointer} aria-describedby=${describedBy} .checked=${value ?? fallback} @change=${commit}>`);
}
