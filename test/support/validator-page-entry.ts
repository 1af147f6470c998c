/**
 * Bundled by test/validator-browser.test.ts in place of the player's bundle.
 * The test posts messages to the page; each is handled in a task of the page's
 * own (never inside DevTools' Runtime.evaluate, which lifts the CSP's eval
 * ban), and its answer is left in `window.branchcastValidatorAnswers[id]`.
 * Every Content-Security-Policy violation the page reports is recorded.
 */
import { Ajv2020 } from 'ajv/dist/2020.js';
import schema from '../../engine/story.schema.json' with { type: 'json' };
import { validateStory } from '../../engine/validate.ts';
import type { Diagnostic } from '../../engine/diagnostic.ts';

export type ValidatorPageRequest =
  | { id: string; kind: 'validate'; input: unknown }
  /** Builds a function from a string, as ajv's runtime compiler does. */
  | { id: string; kind: 'eval' }
  /** Compiles the story schema with ajv at run time, as the engine did before its validator was precompiled. */
  | { id: string; kind: 'ajv-compile' }
  /** The CSP violations reported so far (the event arrives in a later task than the violation). */
  | { id: string; kind: 'violations' };

export type ValidatorPageAnswer =
  | { kind: 'validate'; diagnostics: Diagnostic[] }
  | { kind: 'eval' | 'ajv-compile'; ok: boolean; error?: string }
  | { kind: 'violations'; violations: string[] };

const violations: string[] = [];
document.addEventListener('securitypolicyviolation', (event) => violations.push(`${event.effectiveDirective} ${event.blockedURI}`));
const answers: Record<string, ValidatorPageAnswer> = {};
Object.assign(window, { branchcastValidatorAnswers: answers });

window.addEventListener('message', (event: MessageEvent<ValidatorPageRequest>) => {
  const request = event.data;
  if (request.kind === 'validate') {
    answers[request.id] = { kind: 'validate', diagnostics: validateStory(request.input) };
    return;
  }
  if (request.kind === 'violations') {
    answers[request.id] = { kind: 'violations', violations: [...violations] };
    return;
  }
  try {
    if (request.kind === 'eval') new Function('return true')();
    else new Ajv2020({ allErrors: true, strict: true, strictRequired: false, allowUnionTypes: true }).compile(schema);
    answers[request.id] = { kind: request.kind, ok: true };
  } catch (error) {
    answers[request.id] = { kind: request.kind, ok: false, error: String(error) };
  }
});
document.body.dataset.validatorReady = 'yes';
