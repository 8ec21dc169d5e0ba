import type { FirefoxPage as Page } from './firefox.ts';
import { browserWindow } from './firefox-browser-window.ts';

/**
 * Firefox's own keyboard and input-method events, made by its text input
 * processor (nsITextInputProcessor, what Firefox's own IME and keyboard tests
 * use) in the browser window, the parent process: Firefox handles them as it
 * handles the operating system's, sends them to the tab's content process and
 * the page gets trusted events with the layout's `key` and `code`, AltGraph
 * and dead keys, and composition events, none of which WebDriver BiDi's input
 * actions can express. Needs Firefox started with `SYSTEM_ACCESS_ARGS`
 * (firefox-browser-window.ts).
 */

/** A key as Firefox reports it for a layout: DOM `key`, physical `code`, legacy `keyCode`. */
export interface ProcessorKey {
  readonly key: string;
  readonly code: string;
  readonly keyCode: number;
  readonly location?: number;
}

/** What the processor does, in order. */
export type ProcessorAction =
  | { readonly type: 'keydown'; readonly key: ProcessorKey; readonly repeat?: boolean }
  | { readonly type: 'keyup'; readonly key: ProcessorKey }
  /** An input method's composition in progress (shown, not committed). */
  | { readonly type: 'compose'; readonly text: string }
  /** Commits `text`: ends a composition in progress, or inserts it as one (as GTK input methods do). */
  | { readonly type: 'commit'; readonly text: string };

/**
 * Runs in the browser window (chrome scope: `Cc`, `Ci`, `window` are Firefox's
 * own). One processor is kept on the window, so a key held down in one call
 * is still down in the next, as on a real keyboard.
 */
function runActions(json: string): string {
  const scope = globalThis as unknown as {
    Cc: { '@mozilla.org/text-input-processor;1': { createInstance(i: unknown): Processor } };
    Ci: { nsITextInputProcessor: unknown };
    window: { KeyboardEvent: typeof KeyboardEvent; heliosInputProcessor?: Processor };
  };
  interface Processor {
    readonly ATTR_RAW_CLAUSE: number;
    beginInputTransactionForTests(window: unknown): boolean;
    keydown(event: KeyboardEvent): number;
    keyup(event: KeyboardEvent): boolean;
    setPendingCompositionString(text: string): void;
    appendClauseToPendingComposition(length: number, attribute: number): void;
    setCaretInPendingComposition(offset: number): void;
    flushPendingComposition(): boolean;
    commitCompositionWith(text: string): boolean;
  }
  const { window } = scope;
  window.heliosInputProcessor ??= scope.Cc['@mozilla.org/text-input-processor;1'].createInstance(
    scope.Ci.nsITextInputProcessor,
  );
  const processor = window.heliosInputProcessor;
  if (!processor.beginInputTransactionForTests(window)) return 'another input transaction holds the window';
  const event = (key: ProcessorKey, repeat = false) =>
    new window.KeyboardEvent('', { ...key, location: key.location ?? 0, repeat });
  for (const action of JSON.parse(json) as ProcessorAction[]) {
    if (action.type === 'keydown') processor.keydown(event(action.key, action.repeat));
    else if (action.type === 'keyup') processor.keyup(event(action.key));
    else if (action.type === 'compose') {
      processor.setPendingCompositionString(action.text);
      processor.appendClauseToPendingComposition(action.text.length, processor.ATTR_RAW_CLAUSE);
      processor.setCaretInPendingComposition(action.text.length);
      processor.flushPendingComposition();
    } else processor.commitCompositionWith(action.text);
  }
  return 'ok';
}

/**
 * Returns a function that performs actions through Firefox's text input
 * processor on whatever has the keyboard focus in `page`'s browser window.
 */
export async function inputProcessor(
  page: Page,
): Promise<(actions: readonly ProcessorAction[]) => Promise<void>> {
  const inBrowserWindow = await browserWindow(page);
  return async (actions) => {
    const outcome = await inBrowserWindow(runActions, JSON.stringify(actions));
    if (outcome !== 'ok') throw new Error(`Firefox's text input processor failed: ${outcome}`);
  };
}
