import type { Browser, CDPSession, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, waitForDesktopFrame } from '../support/browser.ts';
import '../support/client-hook.ts';
import { type DesktopContainer, docker, startDesktop, userEnv, waitForStatus } from '../support/container.ts';
import { e2eImage } from '../support/repo.ts';

const user = { name: 'ada', uid: 1234, gid: 2345 };
/** A tablet in landscape, at device pixel ratio 1: page pixels are X pixels. */
const viewport = { width: 1024, height: 700 };
const xevLog = '/tmp/xev.txt';

interface Point {
  readonly x: number;
  readonly y: number;
}

/** X modifier masks xev shows in `state` (NumLock, Mod2, and the button masks left out). */
const MODIFIER_MASKS: readonly [number, string][] = [
  [0x1, 'Shift'],
  [0x4, 'Ctrl'],
  [0x8, 'Alt'],
  [0x40, 'Super'],
];

/**
 * The events of xev's log, one line each: `ButtonPress 3`, `KeyPress c +Ctrl`
 * (the button or keysym, then the modifiers held when it happened).
 */
function summarise(log: string): string[] {
  return log.split(/\n\s*\n/).flatMap((block) => {
    const type = /^(\w+) event/m.exec(block)?.[1];
    const what = /\bbutton (\d+)/.exec(block)?.[1] ?? /\(keysym 0x[0-9a-f]+, ([^)]+)\)/.exec(block)?.[1];
    if (type === undefined || what === undefined) return [];
    const state = Number.parseInt(/\bstate (0x[0-9a-f]+)/.exec(block)?.[1] ?? '0', 16);
    const modifiers = MODIFIER_MASKS.filter(([mask]) => (state & mask) !== 0).map(([, name]) => ` +${name}`);
    return [`${type} ${what}${modifiers.join('')}`];
  });
}

/** Where the pointer was in the window at each button press (xev's `(x,y)`). */
function pressPositions(log: string): Point[] {
  return [...log.matchAll(/^ButtonPress event.*\n.*time \d+, \((-?\d+),(-?\d+)\)/gm)].map((match) => ({
    x: Number(match[1]),
    y: Number(match[2]),
  }));
}

/** A finger (or two) on the page, as Chromium's touch emulation delivers it. */
class Fingers {
  constructor(private readonly cdp: CDPSession) {}

  async touch(type: 'touchStart' | 'touchMove' | 'touchEnd', points: readonly Point[]): Promise<void> {
    await this.cdp.send('Input.dispatchTouchEvent', {
      type,
      touchPoints: points.map((point, id) => ({ ...point, id })),
    });
  }

  async tap(point: Point): Promise<void> {
    await this.touch('touchStart', [point]);
    await this.touch('touchEnd', []);
  }

  async longPress(point: Point): Promise<void> {
    await this.touch('touchStart', [point]);
    // noVNC's long press is 1 s.
    await new Promise((resolve) => setTimeout(resolve, 1500));
    await this.touch('touchEnd', []);
  }

  /** Moves two fingers from `from` by `by` pixels per finger, in small steps. */
  async move(from: readonly [Point, Point], by: readonly [Point, Point], steps = 12): Promise<void> {
    await this.touch('touchStart', from);
    for (let step = 1; step <= steps; step++) {
      const at = from.map((point, n) => ({
        x: point.x + ((by[n] as Point).x * step) / steps,
        y: point.y + ((by[n] as Point).y * step) / steps,
      }));
      await this.touch('touchMove', at);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    await this.touch('touchEnd', []);
  }
}

describe(`touch input in ${e2eImage} (Chromium mobile emulation, read back with xev)`, () => {
  let container: DesktopContainer;
  let browser: Browser;
  let page: Page;
  let cdp: CDPSession;
  let fingers: Fingers;
  /** The xev window on the X screen (= on the page). */
  let xevWindow: { x: number; y: number; width: number; height: number };
  const centre = (): Point => ({
    x: xevWindow.x + Math.round(xevWindow.width / 2),
    y: xevWindow.y + Math.round(xevWindow.height / 2),
  });

  /** Runs `script` as the desktop user on the session's display. */
  function inSession(script: string): Promise<string> {
    return docker('exec', '-u', String(user.uid), container.name, 'sh', '-c', `export DISPLAY=:1; ${script}`);
  }

  const xevText = () => docker('exec', container.name, 'sh', '-c', `cat ${xevLog} 2>/dev/null || true`);

  /** Does `action`, then waits for xev to have seen exactly `expected` since. */
  async function expectEvents(action: () => Promise<void>, expected: readonly string[]): Promise<string> {
    const before = (await xevText()).length;
    await action();
    await expect
      .poll(async () => summarise((await xevText()).slice(before)), { timeout: 10_000 })
      .toEqual(expected);
    return (await xevText()).slice(before);
  }

  /** Does `action`, then returns the distinct events xev saw since (once they stop coming). */
  async function eventsOf(action: () => Promise<void>): Promise<Set<string>> {
    const before = (await xevText()).length;
    await action();
    await expect
      .poll(async () => summarise((await xevText()).slice(before)).length, { timeout: 10_000 })
      .toBeGreaterThan(0);
    await page.waitForTimeout(500);
    return new Set(summarise((await xevText()).slice(before)));
  }

  async function tapKey(name: string): Promise<void> {
    const box = await page.locator(`#touch-keys ${name}`).boundingBox();
    if (box === null) throw new Error(`touch key ${name} is not shown`);
    await fingers.tap({ x: box.x + box.width / 2, y: box.y + box.height / 2 });
  }

  /** A phone keyboard's letter: a keyCode 229 key, then its text. */
  async function phoneType(text: string): Promise<void> {
    const key = { key: 'Unidentified', code: '', windowsVirtualKeyCode: 229 };
    await cdp.send('Input.dispatchKeyEvent', { type: 'rawKeyDown', ...key });
    await cdp.send('Input.insertText', { text });
    await cdp.send('Input.dispatchKeyEvent', { type: 'keyUp', ...key });
  }

  const focusedId = () => page.evaluate(() => document.activeElement?.id ?? '');
  const pressed = (modifier: string) =>
    page.locator(`#touch-keys [data-key="${modifier}"]`).getAttribute('aria-pressed');

  beforeAll(async () => {
    container = await startDesktop(e2eImage, userEnv(user));
    browser = await launchChromium();
    await waitForStatus(container, '/health', 200, 60_000);
    const context = await browser.newContext({
      viewport,
      deviceScaleFactor: 1,
      hasTouch: true,
      isMobile: true,
    });
    page = await context.newPage();
    await page.goto(container.url);
    await page.waitForFunction(() => window.heliosClient?.state === 'connected', undefined, {
      timeout: 30_000,
    });
    await waitForDesktopFrame(page, 30_000);
    await inSession(
      `(stdbuf -oL xev -geometry 480x360+260+180 -event button -event keyboard > ${xevLog} 2>&1 &)`,
    );
    // expect.poll is for tests, not hooks.
    let info = '';
    for (const started = Date.now(); !info.includes('Map State: IsViewable'); ) {
      if (Date.now() - started > 20_000) throw new Error(`xev's window did not map within 20 s: ${info}`);
      await new Promise((resolve) => setTimeout(resolve, 200));
      info = await inSession('xwininfo -name "Event Tester" 2>/dev/null || true');
    }
    const field = (name: string) => Number(new RegExp(`${name}:\\s+(-?\\d+)`).exec(info)?.[1]);
    xevWindow = {
      x: field('Absolute upper-left X'),
      y: field('Absolute upper-left Y'),
      width: field('Width'),
      height: field('Height'),
    };
    cdp = await context.newCDPSession(page);
    fingers = new Fingers(cdp);
    // The first tap also gives the window the desktop's keyboard focus.
    await fingers.tap(centre());
    await page.waitForTimeout(500);
  });

  afterAll(async () => {
    await browser?.close();
    await container?.remove();
  });

  describe('gestures', () => {
    it('clicks with the left button where a finger taps', async () => {
      const at = { x: xevWindow.x + 40, y: xevWindow.y + 60 };
      const log = await expectEvents(() => fingers.tap(at), ['ButtonPress 1', 'ButtonRelease 1']);
      const [position] = pressPositions(log);
      expect(Math.abs((position?.x ?? -99) - 40)).toBeLessThanOrEqual(2);
      expect(Math.abs((position?.y ?? -99) - 60)).toBeLessThanOrEqual(2);
    });

    it('clicks with the right button on a long press', async () => {
      await expectEvents(() => fingers.longPress(centre()), ['ButtonPress 3', 'ButtonRelease 3']);
    });

    it('clicks with the right button on a two-finger tap', async () => {
      const { x, y } = centre();
      await expectEvents(async () => {
        await fingers.touch('touchStart', [
          { x: x - 20, y },
          { x: x + 20, y },
        ]);
        await fingers.touch('touchEnd', []);
      }, ['ButtonPress 3', 'ButtonRelease 3']);
    });

    it.each([
      ['down', 200, '4'],
      ['up', -200, '5'],
    ] as const)('scrolls with the wheel when two fingers drag %s', async (_, dy, button) => {
      const { x, y } = centre();
      const events = await eventsOf(() =>
        fingers.move(
          [
            { x: x - 40, y: y - dy / 2 },
            { x: x + 40, y: y - dy / 2 },
          ],
          [
            { x: 0, y: dy },
            { x: 0, y: dy },
          ],
        ),
      );
      expect(events).toEqual(new Set([`ButtonPress ${button}`, `ButtonRelease ${button}`]));
    });

    it('zooms with Ctrl and the wheel when two fingers pinch apart', async () => {
      const { x, y } = centre();
      const events = await eventsOf(() =>
        fingers.move(
          [
            { x: x - 30, y },
            { x: x + 30, y },
          ],
          [
            { x: -180, y: 0 },
            { x: 180, y: 0 },
          ],
        ),
      );
      // Ctrl held around each wheel click, and nothing else (noVNC 1.7 also
      // toggled Caps Lock and Num Lock at every pinch: gesture-lock-keys.ts).
      // A wheel release may come after Ctrl's: Xvnc queues pointer events.
      expect(events).toContain('KeyPress Control_L');
      expect(events).toContain('ButtonPress 4 +Ctrl');
      const others = [...events].filter((event) => !/^(Key\w+ Control_L|Button\w+ 4)\b/.test(event));
      expect(others).toEqual([]);
    });
  });

  describe('touch key row', () => {
    it('opens the on-screen keyboard with its keyboard button, and closes it again', async () => {
      if ((await focusedId()) === 'text-input') {
        await tapKey('#touch-keyboard');
        await expect.poll(focusedId).not.toBe('text-input');
      }
      await tapKey('#touch-keyboard');
      await expect.poll(focusedId).toBe('text-input');
      await tapKey('#touch-keyboard');
      await expect.poll(focusedId).not.toBe('text-input');
      await tapKey('#touch-keyboard');
      await expect.poll(focusedId).toBe('text-input');
    });

    it.each([
      ['Control', 'Control_L', 'c', 'Ctrl'],
      ['Alt', 'Alt_L', 'x', 'Alt'],
      ['Super', 'Super_L', 'z', 'Super'],
    ] as const)(
      'holds %s for the next key the on-screen keyboard types, then lets it go',
      async (modifier, keysym, letter, mask) => {
        await expectEvents(async () => {
          await tapKey(`[data-key="${modifier}"]`);
          expect(await pressed(modifier)).toBe('true');
          await phoneType(letter);
        }, [
          `KeyPress ${keysym}`,
          `KeyPress ${letter} +${mask}`,
          `KeyRelease ${letter} +${mask}`,
          `KeyRelease ${keysym} +${mask}`,
        ]);
        expect(await pressed(modifier)).toBe('false');
        // The next letter comes without it.
        await expectEvents(() => phoneType('q'), ['KeyPress q', 'KeyRelease q']);
      },
    );

    it('lets go of a modifier tapped twice, typing nothing', async () => {
      await expectEvents(async () => {
        await tapKey('[data-key="Control"]');
        await tapKey('[data-key="Control"]');
      }, ['KeyPress Control_L', 'KeyRelease Control_L +Ctrl']);
      expect(await pressed('Control')).toBe('false');
    });

    it('types Esc, Tab and the arrows, and leaves the on-screen keyboard open', async () => {
      const keys: [string, string][] = [
        ['Escape', 'Escape'],
        ['Tab', 'Tab'],
        ['ArrowLeft', 'Left'],
        ['ArrowUp', 'Up'],
        ['ArrowDown', 'Down'],
        ['ArrowRight', 'Right'],
      ];
      await expectEvents(
        async () => {
          for (const [code] of keys) await tapKey(`[data-key="${code}"]`);
        },
        keys.flatMap(([, keysym]) => [`KeyPress ${keysym}`, `KeyRelease ${keysym}`]),
      );
      expect(await focusedId()).toBe('text-input');
    });

    it('holds Ctrl for a key of the row too (Ctrl+Tab)', async () => {
      await expectEvents(async () => {
        await tapKey('[data-key="Control"]');
        await tapKey('[data-key="Tab"]');
      }, ['KeyPress Control_L', 'KeyPress Tab +Ctrl', 'KeyRelease Tab +Ctrl', 'KeyRelease Control_L +Ctrl']);
    });
  });
});
