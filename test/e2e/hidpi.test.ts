import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, waitForDesktopFrame } from '../support/browser.ts';
import '../support/client-hook.ts';
import { type DesktopContainer, docker, startDesktop, userEnv, waitForStatus } from '../support/container.ts';
import { artifactsDir, e2eDistro, e2eImage } from '../support/repo.ts';

const user = { name: 'ada', uid: 1234, gid: 2345 };
const viewport = { width: 1280, height: 800 };

/** Runs `script` as the desktop user with the session's DISPLAY and D-Bus (where xfconf answers). */
function inSession(container: DesktopContainer, script: string): Promise<string> {
  const sessionEnv =
    'DBUS_SESSION_BUS_ADDRESS="$(tr "\\0" "\\n" < /proc/$(pgrep -o -x xfsettingsd)/environ | sed -n "s/^DBUS_SESSION_BUS_ADDRESS=//p")"; ' +
    'export DBUS_SESSION_BUS_ADDRESS DISPLAY=:1; ';
  return docker('exec', '-u', String(user.uid), container.name, 'sh', '-c', sessionEnv + script);
}

/** Size of the X screen, as xdpyinfo reports it. */
async function xScreenSize(container: DesktopContainer): Promise<string> {
  const info = await inSession(container, 'xdpyinfo | grep dimensions');
  return info.match(/(\d+x\d+) pixels/)?.[1] ?? info;
}

/** XFCE's scaling settings: GTK window scale, font DPI, xfwm4 theme. */
function xfceScaling(container: DesktopContainer): Promise<string> {
  return inSession(
    container,
    'echo "$(xfconf-query -c xsettings -p /Gdk/WindowScalingFactor) ' +
      '$(xfconf-query -c xsettings -p /Xft/DPI) $(xfconf-query -c xfwm4 -p /general/theme)"',
  );
}

/**
 * Waits for XFCE's scaling settings to read `expected`; when they do not,
 * fails with what the session's scale watcher logged, which says whether it
 * saw the scale and what xfconf answered.
 */
async function expectXfceScaling(container: DesktopContainer, expected: string): Promise<void> {
  try {
    await expect.poll(() => xfceScaling(container), { timeout: 15_000 }).toBe(expected);
  } catch (error) {
    const log = (await container.logs()).split('\n').filter((line) => /desktop-scale|xfconf/i.test(line));
    const last = await xfceScaling(container).catch((cause: unknown) => String(cause));
    throw new Error(`XFCE scaling read "${last}", not "${expected}". Scale watcher log:\n${log.join('\n')}`, {
      cause: error,
    });
  }
}

/** Size of the drawing buffer of noVNC's canvas, in remote (= physical, when sharp) pixels. */
function canvasSize(page: Page): Promise<string> {
  return page.evaluate(() => {
    const canvas = document.querySelector('#screen canvas') as HTMLCanvasElement | null;
    return canvas === null ? 'none' : `${canvas.width}x${canvas.height}`;
  });
}

/**
 * Edge sharpness of a screenshot, decoded by the browser: the sum of squared
 * luma steps between neighbours over the sum of their sizes, i.e. the
 * typical height of a step. Upscaling splits each step of a glyph edge in
 * two halves, which halves this; the amount of text does not change it.
 */
async function edgeSharpness(context: BrowserContext, png: Buffer): Promise<number> {
  const scratch = await context.newPage();
  try {
    return await scratch.evaluate(async (base64) => {
      const blob = await (await fetch(`data:image/png;base64,${base64}`)).blob();
      const bitmap = await createImageBitmap(blob);
      const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
      const context2d = canvas.getContext('2d') as OffscreenCanvasRenderingContext2D;
      context2d.drawImage(bitmap, 0, 0);
      const { data, width, height } = context2d.getImageData(0, 0, bitmap.width, bitmap.height);
      const luma = (x: number, y: number) => {
        const i = (y * width + x) * 4;
        return 0.299 * (data[i] ?? 0) + 0.587 * (data[i + 1] ?? 0) + 0.114 * (data[i + 2] ?? 0);
      };
      let squares = 0;
      let sizes = 0;
      for (let y = 0; y < height - 1; y++) {
        for (let x = 0; x < width - 1; x++) {
          for (const step of [luma(x + 1, y) - luma(x, y), luma(x, y + 1) - luma(x, y)]) {
            squares += step * step;
            sizes += Math.abs(step);
          }
        }
      }
      return sizes === 0 ? 0 : squares / sizes;
    }, png.toString('base64'));
  } finally {
    await scratch.close();
  }
}

/** XFCE's top panel as the screen shows it, in physical pixels. */
async function panelShot(page: Page, name: string): Promise<Buffer> {
  // Let the panel redraw at its new scale.
  await page.waitForTimeout(2_000);
  const png = await page.screenshot({ clip: { x: 0, y: 0, width: viewport.width, height: 26 } });
  writeFileSync(join(artifactsDir, `hidpi-${name}-${e2eDistro}.png`), png);
  return png;
}

/** The top-level window xwininfo picks when the page clicks at a CSS point. */
async function windowClickedAt(
  container: DesktopContainer,
  page: Page,
  x: number,
  y: number,
): Promise<string> {
  const picking = inSession(container, 'timeout 20 xwininfo');
  // xwininfo grabs the pointer before it waits for the click.
  await page.waitForTimeout(1_500);
  await page.mouse.click(x, y);
  return picking;
}

/** Size and absolute position of a window: `[width, height, left, top]`. */
type Geometry = [number, number, number, number];

/** The {@link Geometry} of each window named `name`. */
async function windowsNamed(container: DesktopContainer, name: string): Promise<Geometry[]> {
  const tree = await inSession(container, 'xwininfo -root -tree');
  const line = new RegExp(`"${name}": \\(.*\\)\\s+(\\d+)x(\\d+)\\S*\\s+\\+(-?\\d+)\\+(-?\\d+)`, 'g');
  return [...tree.matchAll(line)].map(
    ([, width, height, left, top]) => [width, height, left, top].map(Number) as Geometry,
  );
}

describe(`HiDPI in ${e2eImage}`, () => {
  let container: DesktopContainer;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let sharpPanel: Buffer;

  beforeAll(async () => {
    container = await startDesktop(e2eImage, userEnv(user));
    browser = await launchChromium();
    context = await browser.newContext({ viewport, deviceScaleFactor: 2 });
    await waitForStatus(container, '/health', 200, 60_000);
    page = await context.newPage();
    await page.goto(container.url);
    mkdirSync(artifactsDir, { recursive: true });
    await waitForDesktopFrame(page, 30_000);
  });

  afterAll(async () => {
    await browser?.close();
    await container?.remove();
  });

  it('starts sharp on a ratio-2 screen: the desktop has one pixel per physical pixel', async () => {
    expect(await page.evaluate(() => window.heliosClient.hidpi)).toEqual({
      mode: 'sharp',
      pixelRatio: 2,
      desktopScale: 2,
    });
    await expect.poll(() => canvasSize(page), { timeout: 15_000 }).toBe('2560x1600');
    await expect.poll(() => xScreenSize(container), { timeout: 15_000 }).toBe('2560x1600');
    // Drawn into the window's CSS box, not beyond it.
    expect(
      await page.evaluate(() => {
        const box = (document.querySelector('#screen canvas') as HTMLElement).getBoundingClientRect();
        return [box.left, box.top, box.width, box.height];
      }),
    ).toEqual([0, 0, viewport.width, viewport.height]);
  });

  it('scales the desktop to match: GTK at 2x, fonts at 96 dpi, the large window borders', async () => {
    expect(await inSession(container, 'xprop -root _HELIOS_DESKTOP_SCALE')).toBe(
      '_HELIOS_DESKTOP_SCALE(STRING) = "2"',
    );
    await expectXfceScaling(container, '2 96 Default-xhdpi');
    sharpPanel = await panelShot(page, 'sharp');
  });

  it('keeps the mouse on target: a click lands on the physical pixel under it', async () => {
    // The bottom dock: a target only a right mapping hits (a 1:1 one lands mid-screen).
    const dock = (await windowsNamed(container, 'xfce4-panel')).find(
      ([width, , , top]) => width >= 100 && top > 0,
    );
    expect(dock, 'a bottom panel in the default XFCE layout').toBeDefined();
    const [width, height, left, top] = dock ?? [0, 0, 0, 0];
    const picked = await windowClickedAt(container, page, (left + width / 2) / 2, (top + height / 2) / 2);
    expect(picked).toContain(`Absolute upper-left X:  ${left}`);
    expect(picked).toContain(`Absolute upper-left Y:  ${top}`);
  });

  it('switches to light from the toolbar: CSS pixels, desktop at 1x, text measurably softer', async () => {
    await page.click('#toolbar-toggle');
    await page.click('#hidpi-sharp');
    await page.keyboard.press('Escape');
    expect(await page.evaluate(() => window.heliosClient.hidpi)).toEqual({
      mode: 'light',
      pixelRatio: 1,
      desktopScale: 1,
    });
    await expect.poll(() => canvasSize(page), { timeout: 15_000 }).toBe('1280x800');
    await expect.poll(() => xScreenSize(container), { timeout: 15_000 }).toBe('1280x800');
    await expectXfceScaling(container, '1 96 Default');

    const sharp = await edgeSharpness(context, sharpPanel);
    const light = await edgeSharpness(context, await panelShot(page, 'light'));
    console.log(`e2e: panel edge sharpness sharp ${sharp.toFixed(1)}, light ${light.toFixed(1)}`);
    expect(sharp).toBeGreaterThan(light * 1.25);
  });

  it('remembers light for the next visit, and ?hidpi=sharp overrides it', async () => {
    await page.reload();
    await waitForDesktopFrame(page, 30_000);
    expect(await page.evaluate(() => window.heliosClient.hidpi.mode)).toBe('light');
    await page.goto(`${container.url}?hidpi=sharp`);
    await expect.poll(() => canvasSize(page), { timeout: 15_000 }).toBe('2560x1600');
    expect(await page.evaluate(() => window.heliosClient.hidpi.mode)).toBe('sharp');
  });

  it('leaves every corner and the top panel to the desktop, with the controls one click away', async () => {
    const hits = await page.evaluate(({ width, height }) => {
      const points: [number, number][] = [
        [0, 0],
        [width - 1, 0],
        [0, height - 1],
        [width - 1, height - 1],
      ];
      // XFCE's top panel, clock and user menu at its right end included.
      for (let x = 0; x < width; x += 8) points.push([x, 12]);
      return points
        .map(([x, y]) => [x, y, document.elementFromPoint(x, y)?.tagName ?? 'none'] as const)
        .filter(([, , tag]) => tag !== 'CANVAS');
    }, viewport);
    expect(hits, 'points where something else than the desktop is on top').toEqual([]);

    const handle = await page.locator('#toolbar-toggle').boundingBox();
    expect(handle?.x).toBe(0);
    await page.click('#toolbar-toggle');
    for (const control of ['#hidpi-sharp', '#scale', '#fullscreen', '#clipboard', '#audio-controls']) {
      await expect.poll(() => page.locator(control).isVisible(), { timeout: 2_000 }).toBe(true);
    }
    await page.screenshot({ path: join(artifactsDir, `hidpi-controls-${e2eDistro}.png`) });
    await page.mouse.click(viewport.width / 2, viewport.height / 2);
    expect(await page.locator('#toolbar-panel').isVisible()).toBe(false);
  });
});
