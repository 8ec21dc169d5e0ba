import type { FirefoxSession } from './firefox.ts';

/**
 * Firefox's own keyboard and input-method events, made by its text input
 * processor (nsITextInputProcessor, what Firefox's own IME and keyboard tests
 * use) in the browser window, the parent process: Firefox handles them as it
 * handles the operating system's, sends them to the tab's content process and
 * the page gets trusted events with the layout's `key` and `code`, AltGraph
 * and dead keys, and composition events, none of which WebDriver BiDi's input
 * actions can express. Needs Firefox started with `-remote-allow-system-access`
 * ({@link SYSTEM_ACCESS_ARGS}), which lets BiDi run script in the browser window.
 */

/** Firefox's command-line flag that lets WebDriver BiDi reach its own (chrome) windows. */
export const SYSTEM_ACCESS_ARGS: readonly string[] = Object.freeze(['-remote-allow-system-access']);

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

/** A Firefox tab (puppeteer's Page). */
type Page = Awaited<ReturnType<FirefoxSession['open']>>;

interface BidiSession {
  send(method: string, params: object): Promise<{ result: unknown }>;
}

interface ContextTree {
  readonly contexts: readonly { readonly context: string; readonly url: string }[];
}

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
  // Puppeteer has no public call for BiDi commands outside its own use; its session sends any.
  const session = (
    page.mainFrame() as unknown as { browsingContext: { userContext: { browser: { session: BidiSession } } } }
  ).browsingContext.userContext.browser.session;
  const tree = (await session.send('browsingContext.getTree', { 'moz:scope': 'chrome', maxDepth: 0 }))
    .result as ContextTree;
  const browserWindow = tree.contexts.find((context) => context.url.endsWith('/browser.xhtml'));
  if (browserWindow === undefined)
    throw new Error(`no Firefox browser window among ${tree.contexts.map((c) => c.url).join(', ')}`);
  return async (actions) => {
    const { result } = await session.send('script.callFunction', {
      functionDeclaration: runActions.toString(),
      arguments: [{ type: 'string', value: JSON.stringify(actions) }],
      target: { context: browserWindow.context },
      awaitPromise: false,
    });
    const outcome = result as {
      type: string;
      result?: { value?: string };
      exceptionDetails?: { text: string };
    };
    if (outcome.type !== 'success' || outcome.result?.value !== 'ok')
      throw new Error(
        `Firefox's text input processor failed: ${outcome.exceptionDetails?.text ?? outcome.result?.value}`,
      );
  };
}
