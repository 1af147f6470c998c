/**
 * A viewer's choice kept across visits (captions language, story language) in
 * localStorage. Storage may be off (private mode, a sandboxed frame): then a
 * read finds nothing and a write lasts only for this page.
 */
export function readSavedChoice(key: string): string | null {
  try {
    return localStorage.getItem(key);
  } catch {
    return null;
  }
}

export function saveChoice(key: string, value: string): void {
  try {
    localStorage.setItem(key, value);
  } catch {
    // storage is off: the choice lasts for this page
  }
}
