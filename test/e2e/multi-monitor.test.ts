import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, waitForDesktopFrame } from '../support/browser.ts';
import '../support/client-hook.ts';
import { type DesktopContainer, docker, startDesktop, userEnv, waitForStatus } from '../support/container.ts';
import { artifactsDir, e2eDistro, e2eImage } from '../support/repo.ts';

const user = { name: 'mira', uid: 1322, gid: 1322 };

/** Runs `script` as the desktop user with the session's DISPLAY and D-Bus. */
function inSession(container: DesktopContainer, script: string): Promise<string> {
  const sessionEnv =
    'DBUS_SESSION_BUS_ADDRESS="$(tr "\\0" "\\n" < /proc/$(pgrep -o -x xfsettingsd)/environ | sed -n "s/^DBUS_SESSION_BUS_ADDRESS=//p")"; ' +
    'export DBUS_SESSION_BUS_ADDRESS DISPLAY=:1; ';
  return docker('exec', '-u', String(user.uid), container.name, 'sh', '-c', sessionEnv + script);
}

/** RandR monitors as `xrandr --listmonitors` prints them: `WxH+X+Y`. */
async function monitors(container: DesktopContainer): Promise<string[]> {
  const out = await inSession(container, 'xrandr --listmonitors');
  return [...out.matchAll(/ (\d+)\/\d+x(\d+)\/\d+\+(\d+)\+(\d+) /g)].map(
    (m) => `${m[1]}x${m[2]}+${m[3]}+${m[4]}`,
  );
}

/** Width, height, left and top of the top-level window titled `title`, or undefined. */
async function windowGeometry(
  container: DesktopContainer,
  title: string,
): Promise<[number, number, number, number] | undefined> {
  const tree = await inSession(container, 'xwininfo -root -tree');
  const match = new RegExp(`"${title}": \\(.*\\)\\s+(\\d+)x(\\d+)\\S*\\s+\\+(-?\\d+)\\+(-?\\d+)`).exec(tree);
  if (match === null) return undefined;
  const [width, height, left, top] = match.slice(1).map(Number);
  return [width ?? 0, height ?? 0, left ?? 0, top ?? 0];
}

/** Decodes PNG screenshots in a blank page of the browser (no image library in the suite). */
async function inScratchPage<T>(browser: Browser, run: (page: Page) => Promise<T>): Promise<T> {
  const page = await browser.newPage();
  try {
    return await run(page);
  } finally {
    await page.context().close();
  }
}

/** The colour the page shows at a CSS point, from a screenshot (what the user sees). */
async function colourAt(browser: Browser, page: Page, x: number, y: number): Promise<string> {
  const png = await page.screenshot({ clip: { x, y, width: 1, height: 1 } });
  return inScratchPage(browser, (scratch) =>
    scratch.evaluate(async (base64) => {
      const blob = await (await fetch(`data:image/png;base64,${base64}`)).blob();
      const canvas = new OffscreenCanvas(1, 1);
      const context2d = canvas.getContext('2d') as OffscreenCanvasRenderingContext2D;
      context2d.drawImage(await createImageBitmap(blob), 0, 0);
      const [r, g, b] = context2d.getImageData(0, 0, 1, 1).data;
      return `${r},${g},${b}`;
    }, png.toString('base64')),
  );
}

/** Largest difference of one channel between two `r,g,b` colours (lossy encodings move each a little). */
function colourDistance(a: string, b: string): number {
  const [one, two] = [a.split(',').map(Number), b.split(',').map(Number)];
  return Math.max(...one.map((value, i) => Math.abs(value - (two[i] ?? 0))));
}

/** Two screenshots side by side, tops aligned, as one PNG. */
async function sideBySide(browser: Browser, left: Buffer, right: Buffer): Promise<Buffer> {
  const base64 = await inScratchPage(browser, (scratch) =>
    scratch.evaluate(
      async ([a, b]) => {
        const load = async (data: string) =>
          createImageBitmap(await (await fetch(`data:image/png;base64,${data}`)).blob());
        const [one, two] = [await load(a as string), await load(b as string)];
        const canvas = new OffscreenCanvas(one.width + two.width, Math.max(one.height, two.height));
        const context2d = canvas.getContext('2d') as OffscreenCanvasRenderingContext2D;
        context2d.drawImage(one, 0, 0);
        context2d.drawImage(two, one.width, 0);
        const bytes = new Uint8Array(await (await canvas.convertToBlob({ type: 'image/png' })).arrayBuffer());
        let text = '';
        for (const byte of bytes) text += String.fromCharCode(byte);
        return btoa(text);
      },
      [left.toString('base64'), right.toString('base64')],
    ),
  );
  return Buffer.from(base64, 'base64');
}

describe(`several screens, one desktop in ${e2eImage}`, () => {
  let container: DesktopContainer;
  let browser: Browser;

  beforeAll(async () => {
    container = await startDesktop(e2eImage, userEnv(user));
    browser = await launchChromium();
    await waitForStatus(container, '/health', 200, 60_000);
  });

  afterAll(async () => {
    await browser?.close();
    await container?.remove();
  });

  /**
   * Opens a page. The desktop's own page waits for the desktop (panel drawn); a
   * screen window only for its connection: it shows monitor 2, where XFCE draws
   * no panel, and its canvas may already be the whole 2304-pixel framebuffer.
   */
  async function openPage(url: string, width: number, height: number, desktop = true): Promise<Page> {
    const context = await browser.newContext({ viewport: { width, height }, deviceScaleFactor: 1 });
    const page = await context.newPage();
    await page.goto(url);
    if (desktop) await waitForDesktopFrame(page, 30_000);
    else
      await page.waitForFunction(
        () => (window as unknown as { heliosClient?: { state: string } }).heliosClient?.state === 'connected',
        undefined,
        { timeout: 30_000 },
      );
    return page;
  }

  it('a window opened with "Add screen" is monitor 2: a window maximized there shows in page 2 only, takes its clicks, one dragged from page 1 lands there, and closing page 2 leaves one monitor', async () => {
    const first = await openPage(container.url, 1280, 800);
    await expect.poll(() => monitors(container), { timeout: 10_000 }).toEqual(['1280x800+0+0']);
    await first.click('#toolbar-toggle');
    const [popup] = await Promise.all([first.context().waitForEvent('page'), first.click('#add-screen')]);
    const link = popup.url();
    await popup.close();
    expect(link).toMatch(/\?screen=2&group=[0-9a-f]{32}&place=right&mode=vnc$/);
    const second = await openPage(link, 1024, 768, false);
    await expect
      .poll(() => monitors(container), { timeout: 10_000 })
      .toEqual(['1280x800+0+0', '1024x768+1280+0']);

    // Page 2 is looked at on the terminal's menu bar (light on every distro's theme):
    // its background may be as black as trixie's and sid's desktop.
    const before = [await colourAt(browser, first, 640, 400), await colourAt(browser, second, 512, 36)];
    await inSession(
      container,
      'setsid xfce4-terminal --disable-server --title=mon2 --geometry=80x24+1400+100 --maximize ' +
        '</dev/null >/dev/null 2>&1 &',
    );
    // Maximized on monitor 2: inside it, and (nearly, borders aside) as wide as it.
    await expect
      .poll(
        async () => {
          const geometry = await windowGeometry(container, 'mon2');
          return geometry !== undefined && geometry[2] >= 1280 && geometry[0] >= 1000;
        },
        { timeout: 15_000 },
      )
      .toBe(true);
    await expect
      .poll(async () => colourDistance(await colourAt(browser, second, 512, 36), before[1] ?? ''), {
        timeout: 10_000,
      })
      .toBeGreaterThan(48);
    expect(colourDistance(await colourAt(browser, first, 640, 400), before[0] ?? '')).toBeLessThan(16);
    // XFCE took the new monitor without its "Displays" dialog (the image's displays Notify 0).
    expect(await inSession(container, 'xwininfo -root -tree')).not.toMatch(/"Displays"/);
    mkdirSync(artifactsDir, { recursive: true });
    writeFileSync(
      join(artifactsDir, `multi-monitor-${e2eDistro}.png`),
      await sideBySide(browser, await first.screenshot(), await second.screenshot()),
    );

    // A click in page 2 lands on the window on monitor 2 (xwininfo reports the window clicked).
    const picking = inSession(container, 'timeout 20 xwininfo');
    await second.waitForTimeout(1_500);
    await second.mouse.click(512, 400);
    const picked = await picking;
    expect(Number(/Absolute upper-left X:\s+(\d+)/.exec(picked)?.[1])).toBeGreaterThanOrEqual(1280);

    // A window dragged by its title bar from page 1 across its right edge lands on
    // monitor 2, as with two physical screens: noVNC keeps the pointer while a button
    // is held, so the drag goes on past page 1's edge into monitor 2's coordinates.
    await inSession(
      container,
      // No shell in it, so nothing retitles the window.
      'setsid xfce4-terminal --disable-server --title=drag --geometry=50x8+200+300 --command="sleep 600" ' +
        '</dev/null >/dev/null 2>&1 &',
    );
    await expect.poll(() => windowGeometry(container, 'drag'), { timeout: 15_000 }).toBeDefined();
    const [, , dragLeft, dragTop] = (await windowGeometry(container, 'drag')) ?? [0, 0, 0, 0];
    expect(dragLeft).toBeLessThan(1280);
    const grab = { x: dragLeft + 60, y: dragTop - 10 };
    await first.mouse.move(grab.x, grab.y);
    await first.mouse.down();
    for (let x = grab.x; x <= grab.x + 1_300; x += 50) await first.mouse.move(x, grab.y + 20, { steps: 2 });
    await first.mouse.up();
    await expect
      .poll(async () => (await windowGeometry(container, 'drag'))?.[2], { timeout: 10_000 })
      .toBeGreaterThanOrEqual(1280);
    console.log(`e2e: dragged from x ${dragLeft} to x ${(await windowGeometry(container, 'drag'))?.[2]}`);

    await second.context().close();
    await expect.poll(() => monitors(container), { timeout: 10_000 }).toEqual(['1280x800+0+0']);
    expect(await first.evaluate(() => window.heliosClient.state)).toBe('connected');
    await first.context().close();
  });
});
