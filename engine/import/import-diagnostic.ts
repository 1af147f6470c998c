import type { DiagnosticCode, Severity } from '../diagnostic.ts';

/**
 * What the Twine import reports beyond the validator's own codes. Stable: tests
 * and tools match on them.
 */
export type ImportCode =
  /** A header, metadata block or StoryData the Twee 3 parser could not read. */
  | 'twee-syntax'
  /** A macro (SugarCube `<<…>>`, Harlowe `(…:)`) with no exact branchcast equivalent. */
  | 'unmapped-macro'
  /** JavaScript or CSS: script/stylesheet passages, `<script>`, Snowman `<% %>`. */
  | 'unmapped-code'
  /** A special passage (StoryCaption, PassageHeader, widget…) that is not a node. */
  | 'unmapped-passage'
  /** A link that cannot become an option: missing target, image link, setter that does not map. */
  | 'unmapped-link'
  /** Every link of a passage was guarded, so the default option lost its condition. */
  | 'dropped-condition'
  /** Warning: the node has placeholder media the author must replace. */
  | 'placeholder-media';

/**
 * A finding of the import: the validator's diagnostic shape, plus the Twine
 * passage it comes from, so `line`/`column` point into the .twee file.
 */
export interface ImportDiagnostic {
  severity: Severity;
  code: ImportCode | DiagnosticCode;
  /** JSON Pointer into the imported story ('' when the construct has no place in it). */
  path: string;
  message: string;
  passage?: string;
  line?: number;
  column?: number;
}

/** Where in the .twee file something is: a passage and a 1-based line and column. */
export interface TweeLocation {
  passage: string;
  line: number;
  column: number;
}

export function importError(code: ImportCode, path: string, message: string, at?: TweeLocation): ImportDiagnostic {
  return { severity: 'error', code, path, message, ...(at ?? {}) };
}

export function importWarning(code: ImportCode, path: string, message: string, at?: TweeLocation): ImportDiagnostic {
  return { severity: 'warning', code, path, message, ...(at ?? {}) };
}
