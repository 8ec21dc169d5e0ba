/** Longest quoted text shown in a message before it is cut, so one bad line cannot flood a log. */
const MAX_SHOWN = 60;

/** Quotes a string for a message, cutting it at {@link MAX_SHOWN} characters. */
export function quote(text: string): string {
  const shown = text.length > MAX_SHOWN ? `${text.slice(0, MAX_SHOWN)}…` : text;
  return JSON.stringify(shown);
}

/**
 * Describes a parsed YAML value the way a user wrote it: `null` means the key had no
 * value, which is the usual cause, so say so.
 */
export function describeValue(value: unknown): string {
  if (value === null || value === undefined) return 'an empty value';
  if (typeof value === 'string') return value === '' ? 'an empty string' : quote(value);
  if (typeof value === 'number' || typeof value === 'boolean') {
    return `the ${typeof value} ${String(value)} (quote it to make it a string)`;
  }
  if (Array.isArray(value)) return 'a list';
  return 'a mapping';
}
