import type { FirefoxPage as Page } from './firefox.ts';

/**
 * Script in Firefox's own browser window (chrome scope, the parent process),
 * reached over WebDriver BiDi: what tests use to act or look as Firefox itself
 * does (its text input processor, its clipboard), where a page's script
 * cannot. Firefox must be started with {@link SYSTEM_ACCESS_ARGS}.
 */

/** Firefox's command-line flag that lets WebDriver BiDi reach its own (chrome) windows. */
export const SYSTEM_ACCESS_ARGS: readonly string[] = Object.freeze(['-remote-allow-system-access']);

interface BidiSession {
  send(method: string, params: object): Promise<{ result: unknown }>;
}

interface ContextTree {
  readonly contexts: readonly { readonly context: string; readonly url: string }[];
}

interface CallResult {
  readonly type: string;
  readonly result?: { readonly value?: unknown };
  readonly exceptionDetails?: { readonly text: string };
}

/**
 * Runs `fn(argument)` in the browser window, awaits what it returns and gives
 * back its string value. `fn` is sent as source: it may use only its argument
 * and the window's own globals (`Cc`, `Ci`, `window`, `navigator`).
 */
export type InBrowserWindow = (fn: (argument: string) => unknown, argument?: string) => Promise<string>;

/** The browser window `page` is a tab of. */
export async function browserWindow(page: Page): Promise<InBrowserWindow> {
  // Puppeteer has no public call for BiDi commands outside its own use; its session sends any.
  const session = (
    page.mainFrame() as unknown as { browsingContext: { userContext: { browser: { session: BidiSession } } } }
  ).browsingContext.userContext.browser.session;
  const tree = (await session.send('browsingContext.getTree', { 'moz:scope': 'chrome', maxDepth: 0 }))
    .result as ContextTree;
  const window = tree.contexts.find((context) => context.url.endsWith('/browser.xhtml'));
  if (window === undefined)
    throw new Error(`no Firefox browser window among ${tree.contexts.map((c) => c.url).join(', ')}`);
  return async (fn, argument = '') => {
    const outcome = (
      await session.send('script.callFunction', {
        functionDeclaration: fn.toString(),
        arguments: [{ type: 'string', value: argument }],
        target: { context: window.context },
        awaitPromise: true,
      })
    ).result as CallResult;
    if (outcome.type !== 'success')
      throw new Error(`script in Firefox's browser window failed: ${outcome.exceptionDetails?.text}`);
    return String(outcome.result?.value);
  };
}
