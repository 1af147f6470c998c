import { hasErrors, type Diagnostic } from './diagnostic.ts';
import type { Story } from './story.ts';
import { checkStory, type ValidateOptions } from './validate.ts';

/** A story text after one pass: the story when it is usable, and every diagnostic either way. */
export interface ParsedStory {
  /** Present exactly when no diagnostic is an error. */
  story?: Story;
  diagnostics: Diagnostic[];
}

/**
 * Parses, schema-checks and validates a story text in one pass, and hands back
 * the story the validator itself parsed. Everything that brings a story in
 * (uploads, the library, the CLI) calls this once and passes the story along,
 * rather than validating the text and then parsing it again with JSON.parse
 * (which also chokes on the byte-order mark the validator accepts).
 * Total like validateStory: any text returns, none throws.
 *
 * @example
 *   const { story, diagnostics } = parseStory(text);
 *   if (story === undefined) return reject(diagnostics);
 */
export function parseStory(text: string, options: ValidateOptions = {}): ParsedStory {
  const { value, diagnostics } = checkStory(text, options);
  return hasErrors(diagnostics) ? { diagnostics } : { story: value as Story, diagnostics };
}
