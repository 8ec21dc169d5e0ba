import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  canvasColours,
  type FirefoxPage,
  type FirefoxSession,
  launchFirefox,
  waitForState,
} from '../../packages/kclient/test/support/firefox.ts';
import { SYSTEM_ACCESS_ARGS } from '../../packages/kclient/test/support/firefox-browser-window.ts';
import {
  inputProcessor,
  type ProcessorAction,
  type ProcessorKey,
} from '../../packages/kclient/test/support/firefox-input-processor.ts';
import { compositionShown } from '../../packages/kclient/test/support/page-probes.ts';
import '../support/client-hook.ts';
import { type DesktopContainer, startDesktop, userEnv, waitForStatus } from '../support/container.ts';
import { eventually } from '../support/eventually.ts';
import {
  cases,
  char,
  control,
  de,
  enter,
  floodKeys,
  fr,
  type Key,
  type Step,
} from '../support/keyboard-table.ts';
import { e2eImage } from '../support/repo.ts';
import {
  inSession,
  startTypingTerminal,
  terminal,
  typedLines,
  typingUser,
} from '../support/typing-terminal.ts';

/**
 * The Firefox half of "every keyboard types what it shows": the table Chromium
 * types (support/keyboard-table.ts), typed in Firefox ESR and read back from
 * the desktop's terminal.
 *
 * Keys, compositions and inserted text are made by Firefox's own text input
 * processor in its browser window (firefox-input-processor.ts): Firefox handles
 * them as it handles the system's and the page gets trusted events with the
 * layout's `key` and `code`, AltGraph held as its own modifier, `Dead` keys,
 * and composition events. (WebDriver BiDi's key actions cannot: one grapheme a
 * key, codes from a built-in US table, no AltGraph, no dead keys, no input
 * methods.) An insertion is committed as GTK input methods commit an emoji
 * picker's or a paste tool's text: a composition that starts and ends at once.
 *
 * A phone's on-screen keyboard (keyCode 229 with text, deletions as commands)
 * is Chromium's rows only: desktop Firefox has none, and Firefox for Android
 * does not run here.
 */

const viewport = { width: 1280, height: 800 };

const isPhoneStep = (step: Step) => 'phone' in step || 'phoneBackspace' in step;
const firefoxCases = cases.filter(({ steps }) => !steps.some(isPhoneStep));

const processorKey = ({ key, code, keyCode, location }: Key): ProcessorKey => ({
  key,
  code,
  keyCode,
  location,
});
const keydown = (key: Key, repeat = false): ProcessorAction => ({
  type: 'keydown',
  key: processorKey(key),
  repeat,
});
const keyup = (key: Key): ProcessorAction => ({ type: 'keyup', key: processorKey(key) });

/**
 * Between a held key's repeats: X's default rate is 25 a second. Firefox skips
 * a repeat that arrives while the page still handles the one before (so a
 * held key cannot run ahead of the page), which a burst of repeats would be.
 */
const REPEAT_INTERVAL_MS = 40;

describe(`keyboards in ${e2eImage} (real Firefox ESR, its own input processor, read back in xfce4-terminal)`, () => {
  let container: DesktopContainer;
  let firefox: FirefoxSession;
  let page: FirefoxPage;
  let perform: (actions: readonly ProcessorAction[]) => Promise<void>;

  const shownInPage = () => page.evaluate(compositionShown);

  async function step(done: Step): Promise<void> {
    if ('press' in done) {
      const { press: key, holding = [], repeats = 1 } = done;
      await perform([...holding.map((held) => keydown(held)), keydown(key)]);
      for (let n = 1; n < repeats; n++) {
        await new Promise((resolve) => setTimeout(resolve, REPEAT_INTERVAL_MS));
        await perform([keydown(key, true)]);
      }
      return perform([keyup(key), ...[...holding].reverse().map(keyup)]);
    }
    if ('insert' in done) return perform([{ type: 'commit', text: done.insert }]);
    if ('compose' in done) {
      await perform(done.compose.map((text) => ({ type: 'compose', text })));
      // None of a composition in progress may reach the desktop (the line must be the commit alone).
      // The tab gets Firefox's events a moment after they are made: poll what it shows.
      await expect.poll(shownInPage).toEqual({ composing: true, text: done.compose.at(-1) });
      await perform([{ type: 'commit', text: done.commit }]);
      await expect.poll(shownInPage).toEqual({ composing: false, text: '' });
      return;
    }
    throw new Error('a phone keyboard step has no Firefox equivalent here');
  }

  /** Types `steps` and Enter into the terminal, and returns the line that arrived. */
  async function typeLine(steps: readonly Step[], timeout = 10_000): Promise<string> {
    const before = (await typedLines(container)).length;
    for (const done of steps) await step(done);
    await step({ press: enter });
    await expect.poll(async () => (await typedLines(container)).length, { timeout }).toBe(before + 1);
    return (await typedLines(container))[before] ?? '';
  }

  beforeAll(async () => {
    container = await startDesktop(e2eImage, userEnv(typingUser));
    firefox = await launchFirefox(undefined, {}, SYSTEM_ACCESS_ARGS);
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
    perform = await inputProcessor(page);
  });

  // Each test starts with Xvnc's spare keycodes free, so each row stands on its own.
  beforeEach(async () => {
    await inSession(container, 'setxkbmap');
  });

  afterAll(async () => {
    await firefox?.close();
    await container?.remove();
  });

  it('types every row of the table but the phone keyboard ones', () => {
    expect(cases.filter((row) => !firefoxCases.includes(row)).map(({ what }) => what)).toEqual([
      'a phone keyboard (keyCode 229, then text)',
      "a phone keyboard's backspace",
    ]);
  });

  it.each(firefoxCases)('$what', async ({ steps, arrives }) => {
    expect(await typeLine(steps, 30_000)).toBe(arrives);
  });

  // A key whose `key` is several code points (a Windows layout's ligature key;
  // Firefox passes any string, Chromium's CDP refuses more than one character):
  // noVNC names no keysym for it, so the page types its text (text-input.ts).
  it.each([
    ['👍🏽 (an emoji with a skin tone)', '👍🏽'],
    ['e + U+0301 (a combining acute)', 'e\u0301'],
  ])('types a key whose key is several code points: %s', async (_, text) => {
    expect(await typeLine([{ press: char(text, 'KeyQ', 81) }])).toBe(text);
  });

  it('types a flood of 2,000 keys made in one go, in order', async () => {
    const keys = floodKeys(2000);
    await perform(keys.flatMap((key) => [keydown(key), keyup(key)]));
    expect(await typeLine([], 60_000)).toBe(keys.map((key) => key.key).join(''));
  });

  it('lets go of a held Control when the page loses focus', async () => {
    await perform([keydown(control)]);
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
      expect(
        await typeLine([
          { press: fr.eAcute, holding: [] },
          { press: de.z, holding: [] },
        ]),
      ).toBe('éz');
    } finally {
      await perform([keyup(control)]);
    }
  });

  it('sends nothing beyond loopback', () => {
    expect(firefox.strayRequests()).toEqual([]);
  });
});
