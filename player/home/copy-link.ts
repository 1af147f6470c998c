/**
 * Copies a link for the host to share. The Clipboard API needs a secure
 * context (https or localhost) and may be refused; then the link's text
 * field is selected and execCommand('copy') tried, and if that fails too the
 * field stays selected so Ctrl+C (⌘C) copies it.
 */
export type CopyOutcome = 'copied' | 'select-and-copy';

export async function copyLink(text: string, field: HTMLInputElement | null): Promise<CopyOutcome> {
  try {
    if (navigator.clipboard && window.isSecureContext) {
      await navigator.clipboard.writeText(text);
      return 'copied';
    }
  } catch {
    // Refused (no permission, page not focused): fall through to the selection.
  }
  if (!field) return 'select-and-copy';
  field.focus();
  field.select();
  try {
    // Deprecated, but still the one way to copy without the Clipboard API.
    return document.execCommand('copy') ? 'copied' : 'select-and-copy';
  } catch {
    return 'select-and-copy';
  }
}
