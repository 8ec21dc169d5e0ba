import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  canvasColours,
  type FirefoxSession,
  launchFirefox,
  waitForState,
} from '../../packages/kclient/test/support/firefox.ts';
import '../support/client-hook.ts';
import { type DesktopContainer, startDesktop, userEnv, waitForStatus } from '../support/container.ts';
import { eventually } from '../support/eventually.ts';
import { e2eImage } from '../support/repo.ts';
import {
  inSession,
  startTypingTerminal,
  terminal,
  typedLines,
  typingUser,
} from '../support/typing-terminal.ts';

/**
 * The Firefox half of "every keyboard types what it shows" (the Chromium half,
 * with the layouts' real key codes, dead keys and AltGr, is keyboard-input.test.ts).
 *
 * Keys go in as WebDriver BiDi `input.performActions` key actions, the only way
 * to make Firefox itself produce trusted key events. A key action carries one
 * `value` (a grapheme or a WebDriver special key), and Firefox ESR 153 derives
 * the rest from a built-in US QWERTY table, whatever the layout. Seen here:
 *
 * | sent (value)                      | Firefox dispatches                                          |
 * |-----------------------------------|-------------------------------------------------------------|
 * | `a` `z` `@` `{` `#` `~` `"` `$`   | key = the character, code/keyCode of its US key (`z` KeyZ, `@` Digit2), keypress, input insertText |
 * | Shift (\uE008) + `Z`              | Shift ShiftLeft, then `Z` KeyZ with shiftKey, keypress, input |
 * | `€ ß ü ö ä é ç ñ å ê £ ¬ ¡ ¿ 日`   | key = the character, code "", keyCode 0, keypress, input insertText |
 * | `😀`                              | one keydown `😀`, then a keypress and an input per UTF-16 half |
 * | `👍🏽`, `e\u0301` (several code points) | one keydown with that key, then a keypress and input per unit |
 * | `z` keyDown ×3, keyUp             | keydowns 2 and 3 with repeat = true                          |
 * | Control (\uE009) + `a`            | `a` KeyA with ctrlKey, no keypress, no input                 |
 * | AltRight (\uE052) + `@`           | `Alt` AltRight location 2 (altKey), `@` with altKey, no keypress, no text |
 * | `Dead`, `日本語`, `ab`              | rejected: "invalid argument" (one grapheme per key action)   |
 * | \uE007 / \uE006                   | Enter with code NumpadEnter (location 1) / code Enter        |
 *
 * So over BiDi Firefox cannot produce: a layout's own physical codes (QWERTZ z
 * on KeyY arrives as KeyZ), AltGr (WebDriver has no AltGraph key; AltRight is
 * Alt, and Alt+character types nothing), dead keys (`Dead` is not a value),
 * input method compositions (no BiDi command; Firefox's IME test hooks are not
 * reachable from content) or inserted text (one grapheme per action, no
 * insertText). The rows below send what BiDi can: each character as the key
 * that shows it, with Shift or Control where the layout needs them (the AltGr
 * ones without AltGr), a dead-key sequence as its composed character, text as
 * one key action per grapheme. Nothing is faked with DOM events made by a
 * page script.
 */

const viewport = { width: 1280, height: 800 };

/** A Firefox tab (puppeteer's Page; puppeteer-core is kclient's dependency, not this package's). */
type Page = Awaited<ReturnType<FirefoxSession['open']>>;

/** WebDriver special keys (WebDriver "keyboard actions" table). */
const SHIFT = '\uE008';
const CONTROL = '\uE009';
/** Return (code Enter); \uE007 is the numpad's Enter. */
const RETURN = '\uE006';

/** One key as a BiDi key action sends it: a grapheme, with modifiers held around it. */
interface Key {
  readonly value: string;
  readonly holding?: readonly string[];
  /** Key-downs before the key-up; Firefox flags every one after the first as a repeat. */
  readonly repeats?: number;
}
const key = (value: string): Key => ({ value });
const shifted = (value: string): Key => ({ value, holding: [SHIFT] });

/** One case: the keys a layout types with (then Return), and the line the terminal must get. */
interface Case {
  readonly what: string;
  readonly arrives: string;
  readonly keys: readonly Key[];
}
const row = (what: string, arrives: string, ...keys: Key[]): Case => ({ what, arrives, keys });
/** Text the way BiDi can send it: one key per grapheme. */
const keys = (text: string): Key[] =>
  [...new Intl.Segmenter().segment(text)].map(({ segment }) => key(segment));
const paste = 'ab€😀 '.repeat(100);

const cases: readonly Case[] = [
  // German QWERTZ. @ € { [ ] } \ | ~ are AltGr characters: sent as the key alone.
  row('QWERTZ z, Shift+Z', 'zZ', key('z'), shifted('Z')),
  row('QWERTZ AltGr characters @ € (key only)', '@€', ...keys('@€')),
  row('QWERTZ AltGr characters { [ ] } (key only)', '{[]}', ...keys('{[]}')),
  row('QWERTZ AltGr characters \\ | ~ (key only)', '\\|~', ...keys('\\|~')),
  row('QWERTZ ß ü ö ä', 'ßüöä', ...keys('ßüöä')),
  row('QWERTZ ^ then e, as its composed ê', 'ê', key('ê')),
  // French AZERTY.
  row('AZERTY a q', 'aq', ...keys('aq')),
  row('AZERTY é ç', 'éç', ...keys('éç')),
  row('AZERTY ^ then e, as its composed ê', 'ê', key('ê')),
  row('AZERTY Ctrl+A as ^A', '\u0001', { value: 'a', holding: [CONTROL] }),
  row('key repeat: z held for 12 repeats', 'z'.repeat(12), { value: 'z', repeats: 12 }),
  // UK QWERTY.
  row('UK Shift+3 → £, Shift+\' → @, Shift+2 → "', '£@"', ...[...'£@"'].map(shifted)),
  row('UK #, Shift+` → ¬', '#¬', key('#'), shifted('¬')),
  // US-International: its dead keys' results.
  row('US-Intl é ü ñ à ô (dead-key results)', 'éüñàô', ...keys('éüñàô')),
  row("US-Intl ' (dead ' then Space)", "'", key("'")),
  // Spanish.
  row('Spanish ñ á', 'ñá', ...keys('ñá')),
  row('Spanish AltGr characters @ # (key only)', '@#', ...keys('@#')),
  row('Spanish ¡, Shift+¡ → ¿', '¡¿', key('¡'), shifted('¿')),
  // Swedish.
  row('Swedish å ä ö', 'åäö', ...keys('åäö')),
  row('Swedish AltGr characters @ $ (key only)', '@$', key('@'), key('$')),
  row('Swedish AltGr characters { [ ] } (key only)', '{[]}', ...keys('{[]}')),
  row('Swedish ¨ then u, as its composed ü', 'ü', key('ü')),
  // Text: what an emoji picker or a paste inserts, as keys (BiDi cannot insert).
  row('😀 as one key', '😀', key('😀')),
  row('日本語 as three keys', '日本語', ...keys('日本語')),
  row('500 characters as keys (paste-like)', paste, ...keys(paste)),
];

describe(`keyboards in ${e2eImage} (real Firefox ESR over WebDriver BiDi, read back in xfce4-terminal)`, () => {
  let container: DesktopContainer;
  let firefox: FirefoxSession;
  let page: Page;

  /** Sends key actions from the input source `source` (its held keys stay held across calls). */
  async function perform(actions: readonly object[], source = 'keyboard'): Promise<void> {
    // Puppeteer's keyboard sends one action per call and cannot hold keys on a second source.
    const context = (
      page.mainFrame() as unknown as { browsingContext: { performActions(a: object[]): Promise<void> } }
    ).browsingContext;
    await context.performActions([{ type: 'key', id: source, actions }]);
  }

  const down = (value: string) => ({ type: 'keyDown', value });
  const up = (value: string) => ({ type: 'keyUp', value });
  const pressActions = ({ value, holding = [], repeats = 1 }: Key) => [
    ...holding.map(down),
    ...Array.from({ length: repeats }, () => down(value)),
    up(value),
    ...[...holding].reverse().map(up),
  ];

  /** Types `keys` and Return into the terminal, and returns the line that arrived. */
  async function typeLine(typed: readonly Key[], timeout = 10_000): Promise<string> {
    const before = (await typedLines(container)).length;
    await perform([...typed.flatMap(pressActions), down(RETURN), up(RETURN)]);
    await expect.poll(async () => (await typedLines(container)).length, { timeout }).toBe(before + 1);
    return (await typedLines(container))[before] ?? '';
  }

  beforeAll(async () => {
    container = await startDesktop(e2eImage, userEnv(typingUser));
    firefox = await launchFirefox();
    await waitForStatus(container, '/health', 200, 60_000);
    page = await firefox.open(container.url, viewport.width, viewport.height);
    await waitForState(page, 'connected', 30_000);
    // The desktop has drawn (more than the blank canvas) before the terminal opens.
    expect(
      await eventually(
        () => canvasColours(page),
        (colours) => colours > 1,
        30_000,
      ),
    ).toBeGreaterThan(1);
    await startTypingTerminal(container);
    // Clicking the terminal focuses it on the desktop, and the page's keyboard input.
    await page.mouse.click(terminal.clickX, terminal.clickY);
  });

  // Each test starts with Xvnc's spare keycodes free, so each row stands on its own.
  beforeEach(async () => {
    await inSession(container, 'setxkbmap');
  });

  afterAll(async () => {
    await firefox?.close();
    await container?.remove();
  });

  it.each(cases)('$what', async ({ keys: typed, arrives }) => {
    expect(await typeLine(typed, 30_000)).toBe(arrives);
  });

  // A key whose `key` is several code points (a Windows layout's ligature key;
  // BiDi sends any grapheme so): noVNC names no keysym for it, so the page types
  // its text itself (text-input.ts), one keysym per code point.
  it.each([
    ['👍🏽 (emoji with a skin tone)', '👍🏽'],
    ['e + U+0301 (combining acute)', 'e\u0301'],
  ])('types a key whose key is several code points: %s', async (_, value) => {
    expect(await typeLine([key(value)])).toBe(value);
  });

  it('lets go of a held Control when the page loses focus', async () => {
    // Held on its own input source: BiDi keeps it down, as a finger would.
    await perform([down(CONTROL)], 'held');
    try {
      // Another tab in front: the page's window really loses focus.
      const other = await firefox.browser.newPage();
      await other.bringToFront();
      await expect.poll(() => page.evaluate(() => document.hasFocus())).toBe(false);
      await other.close();
      await page.bringToFront();
      await page.mouse.click(terminal.clickX, terminal.clickY);
      // Control's key-up happened elsewhere (Firefox still flags ctrlKey on the
      // next keys): the desktop let it go, so é and z arrive, not ^Z.
      expect(await typeLine([key('é'), key('z')])).toBe('éz');
    } finally {
      await perform([up(CONTROL)], 'held');
    }
  });

  it('sends nothing beyond loopback', () => {
    expect(firefox.strayRequests()).toEqual([]);
  });
});
