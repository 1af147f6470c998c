/**
 * The one JSON error body of every HTTP answer, API or not:
 * `{error: {code, message, ...extra}}` (docs/protocol.md §1, `Error` in
 * docs/openapi.yaml). `code` is a stable kebab-case word to branch on,
 * `message` one line for people. Only the tus endpoints answer otherwise
 * (plain text, as tus clients expect).
 */
export function errorBody(code: string, message: string, extra: Record<string, unknown> = {}): { error: Record<string, unknown> } {
  return { error: { code, message, ...extra } };
}
