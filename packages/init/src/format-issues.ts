import * as z from 'zod/mini';
import en from 'zod/v4/locales/en.js';

let messagesLoaded = false;

/**
 * zod/mini ships without messages ("Invalid input"); the English locale says
 * what was expected. Loaded on first use so importing the package has no side effect.
 */
export function useEnglishMessages(): void {
  if (messagesLoaded) return;
  z.config(en());
  messagesLoaded = true;
}

/** Longest received value quoted in a message before it is truncated. */
const MAX_RECEIVED = 40;

/** Quotes a received value for an error message, truncated so secrets and junk stay short. */
export function quoteReceived(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > MAX_RECEIVED ? `${text.slice(0, MAX_RECEIVED)}…` : text;
}

/**
 * Turns zod issues into `where: what` lines. Custom checks already say what
 * was expected and received; zod's own messages get the received value added.
 */
export function formatIssues(error: z.core.$ZodError, prefix = ''): string[] {
  return error.issues.map((issue) => {
    const where = [prefix, ...issue.path.map(String)].filter(Boolean).join('.');
    const received =
      issue.code === 'custom' || !('input' in issue) ? '' : ` (received ${quoteReceived(issue.input)})`;
    return `${where || '(root)'}: ${issue.message}${received}`;
  });
}
