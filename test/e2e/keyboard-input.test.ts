import type { Browser, CDPSession, Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { launchChromium, waitForDesktopFrame } from '../support/browser.ts';
import '../support/client-hook.ts';
import { type DesktopContainer, docker, startDesktop, userEnv, waitForStatus } from '../support/container.ts';
import { e2eImage } from '../support/repo.ts';
import {
  inSession,
  interruptsFile,
  startTypingTerminal,
  terminal,
  typedLines,
  typingUser as user,
} from '../support/typing-terminal.ts';

const viewport = { width: 1280, height: 800 };

/**
 * One key as Chromium reports it for a keyboard layout: DOM `key`, physical
 * `code`, legacy `keyCode` and the text it types (none for keys that type
 * nothing). AltGr is its own key on Linux (`AltGraph`, no Ctrl or Alt flag).
 */
interface Key {
  readonly key: string;
  readonly code: string;
  readonly keyCode: number;
  readonly text?: string;
  readonly location?: number;
}

/** CDP modifier bits (Input.dispatchKeyEvent `modifiers`); AltGraph has none. */
const MODIFIER_BITS: Readonly<Record<string, number>> = { Alt: 1, Control: 2, Meta: 4, Shift: 8 };
const modifierBit = (key: Key): number => MODIFIER_BITS[key.key] ?? 0;

const enter: Key = { key: 'Enter', code: 'Enter', keyCode: 13, text: '\r' };
const shift: Key = { key: 'Shift', code: 'ShiftLeft', keyCode: 16, location: 1 };
const control: Key = { key: 'Control', code: 'ControlLeft', keyCode: 17, location: 1 };
const altGr: Key = { key: 'AltGraph', code: 'AltRight', keyCode: 225, location: 2 };
const char = (key: string, code: string, keyCode: number): Key => ({ key, code, keyCode, text: key });
const dead = (code: string, keyCode: number): Key => ({ key: 'Dead', code, keyCode });

/** What the user does: keys (with modifiers held), an input method, inserted text, a phone keyboard. */
type Step =
  | { readonly press: Key; readonly holding?: readonly Key[]; readonly repeats?: number }
  | { readonly compose: readonly string[]; readonly commit: string }
  | { readonly insert: string }
  | { readonly phone: string }
  | { readonly phoneBackspace: true };

const press = (key: Key, ...holding: Key[]): Step => ({ press: key, holding });
/** `key` held until the browser's key repeat has sent it `repeats` times. */
const hold = (key: Key, repeats: number): Step => ({ press: key, repeats });

/** German QWERTZ as Chromium on Linux reports it. */
const de = {
  z: char('z', 'KeyY', 90),
  Z: char('Z', 'KeyY', 90),
  at: char('@', 'KeyQ', 81),
  euro: char('€', 'KeyE', 69),
  braceLeft: char('{', 'Digit7', 55),
  bracketLeft: char('[', 'Digit8', 56),
  bracketRight: char(']', 'Digit9', 57),
  braceRight: char('}', 'Digit0', 48),
  backslash: char('\\', 'Minus', 219),
  pipe: char('|', 'IntlBackslash', 226),
  tilde: char('~', 'BracketRight', 187),
  sharpS: char('ß', 'Minus', 219),
  uUmlaut: char('ü', 'BracketLeft', 186),
  oUmlaut: char('ö', 'Semicolon', 192),
  deadCircumflex: dead('Backquote', 220),
  eCircumflex: char('ê', 'KeyE', 69),
};

/** French AZERTY as Chromium on Linux reports it. */
const fr = {
  a: char('a', 'KeyQ', 65),
  q: char('q', 'KeyA', 81),
  eAcute: char('é', 'Digit2', 50),
  cCedilla: char('ç', 'Digit9', 57),
  deadCircumflex: dead('BracketLeft', 221),
  eCircumflex: char('ê', 'KeyE', 69),
  ctrlA: { key: 'a', code: 'KeyQ', keyCode: 65 },
};

/** UK QWERTY as Chromium on Linux reports it. */
const gb = {
  pound: char('£', 'Digit3', 51),
  at: char('@', 'Quote', 192),
  quote: char('"', 'Digit2', 50),
  hash: char('#', 'Backslash', 222),
  not: char('¬', 'Backquote', 223),
};

/** US-International (xkb `us(intl)`): ' " ` ~ ^ are dead keys; the composed character comes on the next key. */
const usIntl = {
  deadAcute: dead('Quote', 222),
  deadDiaeresis: dead('Quote', 222),
  deadGrave: dead('Backquote', 192),
  deadTilde: dead('Backquote', 192),
  deadCircumflex: dead('Digit6', 54),
  eAcute: char('é', 'KeyE', 69),
  uUmlaut: char('ü', 'KeyU', 85),
  nTilde: char('ñ', 'KeyN', 78),
  aGrave: char('à', 'KeyA', 65),
  oCircumflex: char('ô', 'KeyO', 79),
  /** A dead key then Space types the accent itself. */
  apostrophe: char("'", 'Space', 32),
};

/** Spanish as Chromium on Linux reports it. */
const es = {
  nTilde: char('ñ', 'Semicolon', 192),
  deadAcute: dead('Quote', 222),
  aAcute: char('á', 'KeyA', 65),
  at: char('@', 'Digit2', 50),
  hash: char('#', 'Digit3', 51),
  invertedExclamation: char('¡', 'Equal', 221),
  invertedQuestion: char('¿', 'Equal', 221),
};

/** Swedish as Chromium on Linux reports it. */
const se = {
  aRing: char('å', 'BracketLeft', 221),
  aUmlaut: char('ä', 'Quote', 222),
  oUmlaut: char('ö', 'Semicolon', 192),
  at: char('@', 'Digit2', 50),
  dollar: char('$', 'Digit4', 52),
  deadDiaeresis: dead('BracketRight', 186),
  uUmlaut: char('ü', 'KeyU', 85),
  braceLeft: char('{', 'Digit7', 55),
  bracketLeft: char('[', 'Digit8', 56),
  bracketRight: char(']', 'Digit9', 57),
  braceRight: char('}', 'Digit0', 48),
};

/** One case: what the user does (then Enter), and the line the terminal must get. */
interface Case {
  readonly what: string;
  readonly arrives: string;
  readonly steps: readonly Step[];
}
const row = (what: string, arrives: string, ...steps: Step[]): Case => ({ what, arrives, steps });
const compose = (updates: string[], commit: string): Step => ({ compose: updates, commit });
const insert = (text: string): Step => ({ insert: text });
const phone = (text: string): Step => ({ phone: text });
const phoneBackspace: Step = { phoneBackspace: true };
const paste = 'ab€😀 '.repeat(100);

const cases: readonly Case[] = [
  // Input methods and inserted text. First on purpose: the first key event of
  // an X server once lost the keysym Xvnc adds for a character outside its keymap.
  row('an IME composition committing 日本', '日本', compose(['に', 'にほ', 'にほん'], '日本')),
  row('a Korean composition committing 한국어', '한국어', compose(['ㅎ', '하', '한'], '한국어')),
  row('inserted 😀 (emoji picker)', '😀', insert('😀')),
  row('inserted é€ (outside the server keymap)', 'é€', insert('é€')),
  row('a 500-character insertion (paste-like)', paste, insert(paste)),
  row('a phone keyboard (keyCode 229, then text)', 'Hi ü😀', phone('Hi'), phone(' ü😀')),
  row("a phone keyboard's backspace", 'ab', phone('abc'), phoneBackspace),
  // German QWERTZ.
  row('QWERTZ z on KeyY, Shift+Z', 'zZ', press(de.z), press(de.Z, shift)),
  row('QWERTZ AltGr+Q → @, AltGr+E → €', '@€', press(de.at, altGr), press(de.euro, altGr)),
  row(
    'QWERTZ AltGr+7/8/9/0 → { [ ] }',
    '{[]}',
    ...[de.braceLeft, de.bracketLeft, de.bracketRight, de.braceRight].map((key) => press(key, altGr)),
  ),
  row(
    'QWERTZ AltGr+ß → \\, AltGr+< → |, AltGr++ → ~',
    '\\|~',
    ...[de.backslash, de.pipe, de.tilde].map((key) => press(key, altGr)),
  ),
  row('QWERTZ ß ü ö', 'ßüö', press(de.sharpS), press(de.uUmlaut), press(de.oUmlaut)),
  row('QWERTZ dead key ^ then e → ê', 'ê', press(de.deadCircumflex), press(de.eCircumflex)),
  // French AZERTY.
  row('AZERTY a on KeyQ, q on KeyA', 'aq', press(fr.a), press(fr.q)),
  row('AZERTY é ç', 'éç', press(fr.eAcute), press(fr.cCedilla)),
  row('AZERTY dead key ^ then e → ê', 'ê', press(fr.deadCircumflex), press(fr.eCircumflex)),
  // A shortcut follows the character, not the key's position: Ctrl+A on AZERTY is KeyQ.
  row('AZERTY Ctrl+A (on KeyQ) as ^A', '\u0001', press(fr.ctrlA, control)),
  row('key repeat: z held for 12 repeats', 'z'.repeat(12), hold(de.z, 12)),
  // A layout can put any character on a key; noVNC only knows one UTF-16 unit.
  row('a key that types 😀 (outside the basic plane)', '😀', press(char('😀', 'KeyQ', 81))),
  // UK QWERTY.
  row(
    'UK Shift+3 → £, Shift+\' → @, Shift+2 → "',
    '£@"',
    ...[gb.pound, gb.at, gb.quote].map((key) => press(key, shift)),
  ),
  row('UK # on Backslash, Shift+` → ¬', '#¬', press(gb.hash), press(gb.not, shift)),
  // US-International: dead keys.
  row(
    'US-Intl dead \' then e → é, dead " then u → ü',
    'éü',
    press(usIntl.deadAcute),
    press(usIntl.eAcute),
    press(usIntl.deadDiaeresis, shift),
    press(usIntl.uUmlaut),
  ),
  row(
    'US-Intl dead ~ then n → ñ, dead ` then a → à, dead ^ then o → ô',
    'ñàô',
    press(usIntl.deadTilde, shift),
    press(usIntl.nTilde),
    press(usIntl.deadGrave),
    press(usIntl.aGrave),
    press(usIntl.deadCircumflex, shift),
    press(usIntl.oCircumflex),
  ),
  row("US-Intl dead ' then Space → '", "'", press(usIntl.deadAcute), press(usIntl.apostrophe)),
  // Spanish.
  row('Spanish ñ, dead ´ then a → á', 'ñá', press(es.nTilde), press(es.deadAcute), press(es.aAcute)),
  row('Spanish AltGr+2 → @, AltGr+3 → #', '@#', press(es.at, altGr), press(es.hash, altGr)),
  row('Spanish ¡ and Shift+¡ → ¿', '¡¿', press(es.invertedExclamation), press(es.invertedQuestion, shift)),
  // Swedish.
  row('Swedish å ä ö', 'åäö', press(se.aRing), press(se.aUmlaut), press(se.oUmlaut)),
  row('Swedish AltGr+2 → @, AltGr+4 → $', '@$', press(se.at, altGr), press(se.dollar, altGr)),
  row('Swedish dead ¨ then u → ü', 'ü', press(se.deadDiaeresis), press(se.uUmlaut)),
  row(
    'Swedish AltGr+7/8/9/0 → { [ ] }',
    '{[]}',
    ...[se.braceLeft, se.bracketLeft, se.bracketRight, se.braceRight].map((key) => press(key, altGr)),
  ),
];

class Typist {
  constructor(
    private readonly page: Page,
    readonly cdp: CDPSession,
  ) {}

  async key(type: 'down' | 'up', key: Key, modifiers: number, autoRepeat = false): Promise<void> {
    const down = key.text === undefined ? 'rawKeyDown' : 'keyDown';
    await this.cdp.send('Input.dispatchKeyEvent', {
      type: type === 'down' ? down : 'keyUp',
      autoRepeat,
      key: key.key,
      code: key.code,
      windowsVirtualKeyCode: key.keyCode,
      location: key.location ?? 0,
      modifiers,
      ...(type === 'down' && key.text !== undefined ? { text: key.text, unmodifiedText: key.text } : {}),
    });
  }

  /** Presses `key` with `holding` held down in order (modifier flags as Chromium sets them). */
  async press(key: Key, holding: readonly Key[] = [], repeats = 1): Promise<void> {
    let modifiers = 0;
    for (const held of holding) {
      modifiers |= modifierBit(held);
      await this.key('down', held, modifiers);
    }
    for (let n = 0; n < repeats; n++) await this.key('down', key, modifiers, n > 0);
    await this.key('up', key, modifiers);
    for (const held of [...holding].reverse()) {
      modifiers &= ~modifierBit(held);
      await this.key('up', held, modifiers);
    }
  }

  /** A phone's on-screen keyboard: a keyCode 229 key whose effect is text or an editing command. */
  async phone(edit: { text: string } | { command: string }): Promise<void> {
    const key = { key: 'Unidentified', code: '', windowsVirtualKeyCode: 229 };
    await this.cdp.send('Input.dispatchKeyEvent', {
      type: 'rawKeyDown',
      ...key,
      ...('command' in edit ? { commands: [edit.command] } : {}),
    });
    if ('text' in edit) await this.cdp.send('Input.insertText', { text: edit.text });
    await this.cdp.send('Input.dispatchKeyEvent', { type: 'keyUp', ...key });
  }

  async step(step: Step): Promise<void> {
    if ('press' in step) return this.press(step.press, step.holding, step.repeats);
    if ('insert' in step) {
      await this.cdp.send('Input.insertText', { text: step.insert });
      return;
    }
    if ('phone' in step) return this.phone({ text: step.phone });
    if ('phoneBackspace' in step) return this.phone({ command: 'deleteBackward' });
    for (const text of step.compose) {
      await this.cdp.send('Input.imeSetComposition', {
        text,
        selectionStart: text.length,
        selectionEnd: text.length,
      });
    }
    // The composition shows in the page while it is in progress; none of it
    // may reach the desktop (the line that arrives must be the commit alone).
    expect(await this.compositionShown()).toEqual({ composing: true, text: step.compose.at(-1) });
    await this.cdp.send('Input.insertText', { text: step.commit });
    expect(await this.compositionShown()).toEqual({ composing: false, text: '' });
  }

  compositionShown(): Promise<{ composing: boolean; text: string }> {
    return this.page.evaluate(() => {
      const input = document.getElementById('text-input') as HTMLTextAreaElement;
      return { composing: getComputedStyle(input).opacity === '1', text: input.value };
    });
  }
}

/** The image's TigerVNC (1.12 never frees its spare keycodes; the gateway does, see below). */
// `dpkg-query -W` prints the package's name, a tab and its version.
const tigervncVersion =
  (
    await docker(
      'run',
      '--rm',
      '--network',
      'none',
      '--entrypoint',
      'dpkg-query',
      e2eImage,
      '-W',
      'tigervnc-standalone-server',
    )
  )
    .trim()
    .split('\t')[1] ?? '';

describe(`keyboards and input methods in ${e2eImage} (real Chromium, read back in xfce4-terminal)`, () => {
  let container: DesktopContainer;
  let browser: Browser;
  let page: Page;
  let typist: Typist;

  /** Types `steps` and Enter into the terminal, and returns the line that arrived. */
  async function typeLine(steps: readonly Step[], timeout = 10_000): Promise<string> {
    const before = (await typedLines(container)).length;
    for (const step of steps) await typist.step(step);
    await typist.press(enter);
    await expect.poll(async () => (await typedLines(container)).length, { timeout }).toBe(before + 1);
    return (await typedLines(container))[before] ?? '';
  }

  beforeAll(async () => {
    container = await startDesktop(e2eImage, userEnv(user));
    browser = await launchChromium();
    await waitForStatus(container, '/health', 200, 60_000);
    page = await (await browser.newContext({ viewport })).newPage();
    await page.goto(container.url);
    await page.waitForFunction(() => window.heliosClient?.state === 'connected', undefined, {
      timeout: 30_000,
    });
    await waitForDesktopFrame(page, 30_000);
    await startTypingTerminal(container);
    // Clicking the terminal focuses it on the desktop, and the page's keyboard input.
    await page.mouse.click(terminal.clickX, terminal.clickY);
    typist = new Typist(page, await page.context().newCDPSession(page));
  });

  // Each test starts with Xvnc's spare keycodes free, so each row stands on its own.
  beforeEach(async () => {
    await inSession(container, 'setxkbmap');
  });

  afterAll(async () => {
    await browser?.close();
    await container?.remove();
  });

  it.each(cases)('$what', async ({ steps, arrives }) => {
    expect(await typeLine(steps)).toBe(arrives);
  });

  // Xvnc types a character outside its keymap on one of ~19 spare keycodes. 1.15 and
  // later reuse them, least recently used first; TigerVNC 1.12 (bookworm) never frees
  // them, so the gateway clears the ones no longer recently typed (kclient's
  // server/keyboard/). The page sends inserted text in bursts of 8 such characters
  // (key-pacing.ts), so a 25-character insertion arrives whole, the Enter typed after it last.
  it(`types more than 20 distinct characters outside the server keymap: 25 in one insertion, 50 in the session (TigerVNC ${tigervncVersion})`, async () => {
    const text = '一二三四五六七八九十百千万円年月日時分秒週春夏秋冬';
    expect(await typeLine([insert(text)])).toBe(text);
    // And 25 more, without a keymap reset: 50 distinct ones in the session.
    const more = '東西南北山川田中上下左右大小高低長短新古多少早遅強';
    expect(await typeLine([insert(more)])).toBe(more);
  });

  it('interrupts the program in the terminal with Ctrl+C', async () => {
    // KeyC on QWERTY, QWERTZ and AZERTY alike.
    await typist.press({ key: 'c', code: 'KeyC', keyCode: 67 }, [control]);
    // 130 = 128 + SIGINT: cat ended by the interrupt, and the next one took over.
    await expect
      .poll(() => docker('exec', container.name, 'sh', '-c', `cat ${interruptsFile} 2>/dev/null || true`), {
        timeout: 10_000,
      })
      .toBe('130');
    expect(await typeLine([press(de.z)])).toBe('z');
  });

  it.each([shift, control])('lets go of a held $key when the page loses focus', async (modifier) => {
    await typist.cdp.send('Emulation.setFocusEmulationEnabled', { enabled: false });
    await typist.key('down', modifier, modifierBit(modifier));
    // Another tab in front: the page's window really loses focus.
    const other = await page.context().newPage();
    await other.bringToFront();
    await expect.poll(() => page.evaluate(() => document.hasFocus())).toBe(false);
    await other.close();
    await page.bringToFront();
    await page.mouse.click(terminal.clickX, terminal.clickY);
    // The modifier's key-up happened elsewhere: the next plain keys arrive unmodified.
    expect(await typeLine([press(fr.eAcute), press(de.z)])).toBe('éz');
  });

  describe('bad input', () => {
    it('ignores key names it does not know, and the next key arrives', async () => {
      const unknown: Key[] = [
        { key: 'NotAKey', code: 'NotACode', keyCode: 0 },
        { key: 'Unidentified', code: '', keyCode: 0 },
        { key: 'Dead', code: '', keyCode: 0 },
        { key: 'Unidentified', code: 'KeyQ', keyCode: 81 },
      ];
      for (const key of unknown) await typist.press(key);
      expect(await typeLine([press(de.z)])).toBe('z');
    });

    it('types the commit of a 10,000-character composition whole', async () => {
      const long = '日本語 '.repeat(2500);
      // Linux keeps at most 4095 bytes of a line being edited: the terminal's
      // line editing is off meanwhile, so the whole line reaches `cat`.
      const tty = await inSession(container, 'readlink /proc/$(pgrep -x cat | head -n 1)/fd/0');
      await inSession(container, `stty -F ${tty} -icanon`);
      try {
        await typist.step(compose([long.slice(0, 100), long], long));
        expect(await typeLine([], 60_000)).toBe(long);
      } finally {
        await inSession(container, `stty -F ${tty} icanon`);
      }
      expect(await typeLine([press(de.z)])).toBe('z');
    });

    it('keeps the box of a 10,000-character composition one line high, inside the window', async () => {
      await typist.cdp.send('Input.imeSetComposition', {
        text: 'あ'.repeat(10_000),
        selectionStart: 0,
        selectionEnd: 0,
      });
      const box = await page.evaluate(() => {
        const rect = (document.getElementById('text-input') as HTMLElement).getBoundingClientRect();
        return { right: rect.right, bottom: rect.bottom, height: rect.height };
      });
      // One line high (style.css), whatever the length.
      expect(box.height).toBeLessThanOrEqual(32);
      expect(box.right).toBeLessThanOrEqual(viewport.width);
      expect(box.bottom).toBeLessThanOrEqual(viewport.height);
      // Cancelled (as Escape in an input method): nothing reaches the desktop.
      await typist.cdp.send('Input.imeSetComposition', { text: '', selectionStart: 0, selectionEnd: 0 });
      expect(await typeLine([press(de.z)])).toBe('z');
    });

    it('types a flood of 2,000 keys sent as fast as the page takes them, in order', async () => {
      const alphabet = 'abcdefghijklmnopqrstuvwxyz0123456789';
      const keys = Array.from({ length: 2000 }, (_, n) => {
        const character = alphabet[n % alphabet.length] as string;
        const code = /\d/.test(character) ? `Digit${character}` : `Key${character.toUpperCase()}`;
        return char(character, code, character.toUpperCase().charCodeAt(0));
      });
      // Not awaited one by one: CDP queues them, the page gets them back to back.
      await Promise.all(keys.flatMap((key) => [typist.key('down', key, 0), typist.key('up', key, 0)]));
      expect(await typeLine([], 60_000)).toBe(keys.map((key) => key.key).join(''));
    });

    it.each([
      [
        'the page closes its socket',
        () => page.evaluate(() => (window.heliosClient.rfb as { _sock: { close(): void } })._sock.close()),
      ],
      [
        'the gateway is killed',
        () =>
          docker('exec', container.name, 'pkill', '-KILL', '-f', 'helios-kclient.mjs').then(() => undefined),
      ],
    ] as const)('lets go of a key held when the connection drops (%s)', async (_, drop) => {
      await typist.key('down', shift, modifierBit(shift));
      await drop();
      await page.waitForFunction(() => window.heliosClient.state !== 'connected', undefined, {
        timeout: 10_000,
      });
      await page.waitForFunction(() => window.heliosClient.state === 'connected', undefined, {
        timeout: 60_000,
      });
      await typist.key('up', shift, 0);
      // Shift was let go on the desktop with the old connection: z, not Z.
      expect(await typeLine([press(de.z)])).toBe('z');
    });
  });
});
