/** Every code the validator can emit. Stable: tools and tests match on them. */
export type DiagnosticCode =
  | 'parse'
  | 'too-large'
  | 'too-deep'
  | 'schema'
  | 'duplicate-id'
  | 'missing-start'
  | 'missing-target'
  | 'unreachable-node'
  | 'dead-end'
  | 'trap'
  | 'no-ending'
  | 'bad-window'
  | 'bad-region'
  | 'unknown-variable'
  | 'unused-variable'
  | 'no-effect'
  | 'type-mismatch'
  | 'guarded-default'
  | 'bad-media-src'
  | 'missing-media'
  | 'bad-captions'
  | 'captions-past-end'
  | 'untranslatable-text'
  | 'unknown-language'
  | 'missing-translation'
  | 'too-many-diagnostics'
  | 'internal';

export type Severity = 'error' | 'warning';

/** A finding about a story. `path` is a JSON Pointer (RFC 6901) into the story. */
export interface Diagnostic {
  severity: Severity;
  code: DiagnosticCode;
  path: string;
  message: string;
  /** 1-based, present when the story came in as text and the location is known. */
  line?: number;
  column?: number;
}

export function error(code: DiagnosticCode, path: string, message: string): Diagnostic {
  return { severity: 'error', code, path, message };
}

export function warning(code: DiagnosticCode, path: string, message: string): Diagnostic {
  return { severity: 'warning', code, path, message };
}

/** True when any diagnostic is an error (warnings alone leave a story usable). */
export function hasErrors(diagnostics: readonly Diagnostic[]): boolean {
  return diagnostics.some((d) => d.severity === 'error');
}
