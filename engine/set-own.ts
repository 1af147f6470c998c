/**
 * Sets `record[key]` as an own data property. A plain assignment, except for
 * the one key an assignment would not store: `__proto__` sets the object's
 * prototype instead, so it alone is defined. (defineProperty for every key
 * would be safe too, but costs several times an assignment, and vote books
 * and remembered answers take one per vote.)
 */
export function setOwn<T>(record: Record<string, T>, key: string, value: T): void {
  if (key === '__proto__') Object.defineProperty(record, key, { value, enumerable: true, writable: true, configurable: true });
  else record[key] = value;
}
