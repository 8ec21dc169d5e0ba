import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { startGateway } from '../src/server/gateway.ts';
import type { ScreenLayout } from '../src/shared/screen-layout.ts';
import { setDesktopSizeMessage } from '../src/shared/set-desktop-size.ts';
import { useChromiumPages } from './support/browser.ts';
import { CLIENT_DIR } from './support/gateway-process.ts';
import type { RfbTestClient } from './support/rfb-client.ts';
import { useXvncGateway } from './support/xvnc-gateway.ts';

const harness = useXvncGateway('1024x768');

/** A raw RFB viewer through the gateway; `query` makes it a screen window. */
const viewer = (query = ''): Promise<RfbTestClient> => harness.viewer(`websockify${query}`);

/** A window opened with "Add screen": screen `screen` of `group`, at its size and place. */
function screenWindow(group: string, screen: number, width: number, height: number, place = 'right') {
  return viewer(`?group=${group}&screen=${screen}&width=${width}&height=${height}&place=${place}`);
}

/** What `{prefix}screens` answers the owner's page of `group` with a `width`×`height` window. */
async function layoutFor(group: string, width: number, height: number) {
  const response = await fetch(
    `${harness.gateway.address.url}screens?group=${group}&width=${width}&height=${height}`,
  );
  return {
    status: response.status,
    body: (await response.json()) as ScreenLayout & { code?: string; message?: string },
  };
}

/** RandR monitors as `xrandr --listmonitors` prints them: width, height, x, y. */
/** Where X has the pointer, as [x, y] strings (xdotool). */
async function pointer(): Promise<string[] | undefined> {
  return (await harness.xvnc.exec('xdotool', ['getmouselocation', '--shell']))
    .match(/X=(\d+)\nY=(\d+)/)
    ?.slice(1);
}

async function monitors(): Promise<string[]> {
  const out = await harness.xvnc.exec('xrandr', ['--listmonitors']);
  return [...out.matchAll(/ (\d+)\/\d+x(\d+)\/\d+\+(\d+)\+(\d+) /g)].map(
    (m) => `${m[1]}x${m[2]}+${m[3]}+${m[4]}`,
  );
}

let groupCount = 0;
const newGroup = () => `test-group-${String(++groupCount).padStart(8, '0')}`;

describe('several screens (real gateway, real Xvnc)', () => {
  it('turns the owner and a screen window into two RandR monitors, and back into one when the window closes', async () => {
    const group = newGroup();
    const owner = await viewer();
    const second = await screenWindow(group, 2, 1024, 768);
    const { status, body } = await layoutFor(group, 1280, 800);
    expect(status).toBe(200);
    expect(body).toEqual({
      width: 2304,
      height: 800,
      screens: [
        { screen: 1, x: 0, y: 0, width: 1280, height: 800 },
        { screen: 2, x: 1280, y: 0, width: 1024, height: 768 },
      ],
    });
    owner.send(Buffer.from(setDesktopSizeMessage(body, 0)));
    await expect.poll(() => monitors(), { timeout: 5000 }).toEqual(['1280x800+0+0', '1024x768+1280+0']);
    expect(await harness.xvnc.screenSize()).toEqual({ width: 2304, height: 800 });

    second.close();
    await second.closed();
    const after = await layoutFor(group, 1280, 800);
    expect(after.body.screens).toEqual([{ screen: 1, x: 0, y: 0, width: 1280, height: 800 }]);
    owner.send(Buffer.from(setDesktopSizeMessage(after.body, 0)));
    await expect.poll(() => monitors(), { timeout: 5000 }).toEqual(['1280x800+0+0']);
    expect(await harness.xvnc.screenSize()).toEqual({ width: 1280, height: 800 });
  });

  it('places a screen opened with place=below under the owner', async () => {
    const group = newGroup();
    const owner = await viewer();
    await screenWindow(group, 2, 1024, 768, 'below');
    const { body } = await layoutFor(group, 1280, 800);
    owner.send(Buffer.from(setDesktopSizeMessage(body, 0)));
    await expect.poll(() => monitors(), { timeout: 5000 }).toEqual(['1280x800+0+0', '1024x768+0+800']);
  });

  it("never lets a screen window's own SetDesktopSize resize the desktop", async () => {
    const group = newGroup();
    const owner = await viewer();
    owner.send(
      Buffer.from(
        setDesktopSizeMessage(
          { width: 1280, height: 800, screens: [{ screen: 1, x: 0, y: 0, width: 1280, height: 800 }] },
          0,
        ),
      ),
    );
    await expect
      .poll(() => harness.xvnc.screenSize(), { timeout: 5000 })
      .toEqual({ width: 1280, height: 800 });
    const second = await screenWindow(group, 2, 1024, 768);
    second.send(
      Buffer.from(
        setDesktopSizeMessage(
          { width: 640, height: 480, screens: [{ screen: 1, x: 0, y: 0, width: 640, height: 480 }] },
          0,
        ),
      ),
    );
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(await harness.xvnc.screenSize()).toEqual({ width: 1280, height: 800 });
  });

  it('refuses a fifth screen with a message saying the limit', async () => {
    const group = newGroup();
    for (const screen of [2, 3, 4, 5]) await screenWindow(group, screen, 800, 600);
    expect(await layoutFor(group, 1280, 800)).toEqual({
      status: 409,
      body: {
        code: 'HELIOS_KCLIENT_SCREEN_TOO_MANY',
        message: '5 screens asked for, at most 4: close a screen window before adding another',
      },
    });
  });

  it('refuses a window of zero size and one past the largest desktop, saying which and why', async () => {
    const zero = newGroup();
    await screenWindow(zero, 2, 0, 768);
    expect((await layoutFor(zero, 1280, 800)).body).toEqual({
      code: 'HELIOS_KCLIENT_SCREEN_LAYOUT',
      message:
        "screen 2 is 0×768 (expected whole sizes from 1 to 32768): open the window with a visible size, at most Xvnc's largest desktop",
    });
    const huge = newGroup();
    await screenWindow(huge, 2, 40000, 768);
    expect(await layoutFor(huge, 1280, 800)).toEqual({
      status: 409,
      body: {
        code: 'HELIOS_KCLIENT_SCREEN_LAYOUT',
        message:
          "screen 2 is 40000×768 (expected whole sizes from 1 to 32768): open the window with a visible size, at most Xvnc's largest desktop",
      },
    });
  });

  it('serves the layout under PREFIX and behind the same auth as the pages', async () => {
    const other = await startGateway({
      vnc: `unix:${harness.xvnc.socket}`,
      port: 0,
      host: '127.0.0.1',
      clientDir: CLIENT_DIR,
      prefix: '/desk/',
      authToken: 'multi-monitor-secret',
      logLevel: 'silent',
    });
    try {
      const url = `${other.address.url}screens?group=${newGroup()}&width=1280&height=800`;
      expect(url).toContain('/desk/screens?');
      expect((await fetch(url)).status).toBe(401);
      const allowed = await fetch(url, { headers: { authorization: 'Bearer multi-monitor-secret' } });
      expect(allowed.status).toBe(200);
      expect(await allowed.json()).toEqual({
        width: 1280,
        height: 800,
        screens: [{ screen: 1, x: 0, y: 0, width: 1280, height: 800 }],
      });
    } finally {
      await other.close();
    }
  });

  it('answers a malformed group key with 400 and the reason', async () => {
    const response = await fetch(`${harness.gateway.address.url}screens?group=short`);
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ code: 'HELIOS_KCLIENT_SCREEN_LAYOUT' });
  });
});

describe('several screens in browser windows (real Chromium, real gateway, real Xvnc)', () => {
  const openPage = useChromiumPages().open;

  /** Clicks "Add screen" in the toolbar and returns the link of the window it opened. */
  async function addScreen(page: Page, place = 'right'): Promise<string> {
    await page.click('#toolbar-toggle');
    await page.selectOption('#screen-place', place);
    const [popup] = await Promise.all([page.context().waitForEvent('page'), page.click('#add-screen')]);
    const link = popup.url();
    await popup.close();
    return link;
  }

  /** The colour the page shows at a CSS point, from a screenshot (what the user sees). */
  async function colourAt(page: Page, x: number, y: number): Promise<string> {
    const png = await page.screenshot({ clip: { x, y, width: 1, height: 1 } });
    const scratch = await page.context().newPage();
    try {
      return await scratch.evaluate(async (base64) => {
        const blob = await (await fetch(`data:image/png;base64,${base64}`)).blob();
        const canvas = new OffscreenCanvas(1, 1);
        const context2d = canvas.getContext('2d') as OffscreenCanvasRenderingContext2D;
        context2d.drawImage(await createImageBitmap(blob), 0, 0);
        const [r, g, b] = context2d.getImageData(0, 0, 1, 1).data;
        return `${r},${g},${b}`;
      }, png.toString('base64'));
    } finally {
      await scratch.close();
    }
  }

  it('makes a window opened with "Add screen" a second monitor that shows its part, takes clicks at its offset, and goes away when closed', async () => {
    await harness.xvnc.exec('xsetroot', ['-solid', '#204060']);
    const first = await openPage(harness.gateway.address.url, 1280, 800);
    await expect
      .poll(() => harness.xvnc.screenSize(), { timeout: 15_000 })
      .toEqual({ width: 1280, height: 800 });
    const link = await addScreen(first, 'right');
    expect(link).toMatch(/\?screen=2&group=[0-9a-f]{32}&place=right&mode=vnc$/);
    const second = await openPage(link, 1024, 768);
    await expect.poll(() => monitors(), { timeout: 10_000 }).toEqual(['1280x800+0+0', '1024x768+1280+0']);

    // A window on monitor 2 only: page 2 shows it, page 1 does not.
    harness.xvnc.spawnClient('xlogo', ['-geometry', '1024x768+1280+0', '-bg', '#ffcc00', '-fg', '#ffcc00']);
    await expect.poll(() => colourAt(second, 500, 400), { timeout: 10_000 }).toBe('255,204,0');
    expect(await colourAt(first, 640, 400)).toBe('32,64,96');

    // A click in page 2 lands at monitor 2's offset plus the click's position.
    await second.mouse.click(100, 200);
    await expect.poll(pointer).toEqual(['1380', '200']);
    // And in page 1 at its own position.
    await first.mouse.move(300, 400);
    await expect.poll(pointer).toEqual(['300', '400']);

    // Keys typed in page 2 reach an X client on monitor 2 (focus follows the pointer without a window manager).
    // xev prints what it received when it ends, after 4 s.
    const typed = harness.xvnc.exec('sh', [
      '-c',
      'timeout 4 xev -geometry 400x300+1300+100 -event keyboard; true',
    ]);
    await expect
      .poll(async () => (await harness.xvnc.exec('xwininfo', ['-root', '-tree'])).includes('Event Tester'))
      .toBe(true);
    await second.mouse.move(200, 200);
    await second.keyboard.press('q');
    expect(await typed).toContain('keysym 0x71, q)');

    await second.context().close();
    await expect.poll(() => monitors(), { timeout: 10_000 }).toEqual(['1280x800+0+0']);
    expect(await harness.xvnc.screenSize()).toEqual({ width: 1280, height: 800 });
    // Page 1 shows the whole desktop again, resizing it with its window.
    await first.setViewportSize({ width: 1100, height: 700 });
    await expect
      .poll(() => harness.xvnc.screenSize(), { timeout: 5000 })
      .toEqual({ width: 1100, height: 700 });
  });

  it('lets a view-only page show screen 2 of a group without adding a screen or sending input', async () => {
    await harness.xvnc.exec('xsetroot', ['-solid', '#204060']);
    const first = await openPage(harness.gateway.address.url, 1280, 800);
    await expect
      .poll(() => harness.xvnc.screenSize(), { timeout: 15_000 })
      .toEqual({ width: 1280, height: 800 });
    const link = new URL(await addScreen(first, 'right'));
    await openPage(link.href, 1024, 768);
    await expect.poll(() => monitors(), { timeout: 10_000 }).toEqual(['1280x800+0+0', '1024x768+1280+0']);

    const watcher = await openPage(`${harness.gateway.address.url}view-only/${link.search}`, 1024, 768);
    harness.xvnc.spawnClient('xlogo', ['-geometry', '1024x768+1280+0', '-bg', '#ffcc00', '-fg', '#ffcc00']);
    await expect.poll(() => colourAt(watcher, 500, 400), { timeout: 10_000 }).toBe('255,204,0');
    // It added no screen of its own.
    expect(await monitors()).toEqual(['1280x800+0+0', '1024x768+1280+0']);

    // Its clicks move nothing on the desktop.
    await first.mouse.move(300, 400);
    await expect.poll(pointer).toEqual(['300', '400']);
    await watcher.mouse.click(100, 200);
    await watcher.waitForTimeout(500);
    expect(await pointer()).toEqual(['300', '400']);
  });
});
