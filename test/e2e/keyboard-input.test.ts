import type { Browser, CDPSession, Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { compositionShown } from '../../packages/kclient/test/support/page-probes.ts';
import { launchChromium, waitForDesktopFrame } from '../support/browser.ts';
import '../support/client-hook.ts';
import { type DesktopContainer, docker, startDesktop, userEnv, waitForStatus } from '../support/container.ts';
import {
  cases,
  compose,
  control,
  de,
  enter,
  floodKeys,
  fr,
  insert,
  type Key,
  press,
  type Step,
  shift,
} from '../support/keyboard-table.ts';
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

/** CDP modifier bits (Input.dispatchKeyEvent `modifiers`); AltGraph has none. */
const MODIFIER_BITS: Readonly<Record<string, number>> = { Alt: 1, Control: 2, Meta: 4, Shift: 8 };
const modifierBit = (key: Key): number => MODIFIER_BITS[key.key] ?? 0;

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
    return this.page.evaluate(compositionShown);
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
      const keys = floodKeys(2000);
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
