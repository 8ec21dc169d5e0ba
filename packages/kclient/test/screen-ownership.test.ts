import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { useChromiumPages, waitForState } from './support/browser.ts';
import { connectRfb } from './support/rfb-client.ts';
import { useXvncGateway } from './support/xvnc-gateway.ts';

const harness = useXvncGateway('1024x768');

/** A viewer that connected through the gateway, with input unless `path` says view-only. */
const viewer = (path = 'websockify') => harness.viewer(path);

/** SetDesktopSize with one screen (id 0, as Xvnc numbers its first one), as noVNC sends it. */
function setDesktopSize(width: number, height: number): Buffer {
  const message = Buffer.alloc(8 + 16);
  message[0] = 251;
  message.writeUInt16BE(width, 2);
  message.writeUInt16BE(height, 4);
  message[6] = 1;
  message.writeUInt16BE(width, 8 + 8);
  message.writeUInt16BE(height, 8 + 10);
  return message;
}

/** Lets the gateway and Xvnc act on what was sent, for the checks that something did not happen. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 500));

describe('several viewers, one desktop (real gateway, real Xvnc)', () => {
  it("leaves the first viewer's screen size alone when a second viewer with another window size connects", async () => {
    const first = await viewer();
    first.send(setDesktopSize(1280, 800));
    await expect
      .poll(() => harness.xvnc.screenSize(), { timeout: 5000 })
      .toEqual({ width: 1280, height: 800 });
    const second = await viewer();
    expect({ width: second.width, height: second.height }).toEqual({ width: 1280, height: 800 });
    second.send(setDesktopSize(1024, 768));
    await settle();
    expect(await harness.xvnc.screenSize()).toEqual({ width: 1280, height: 800 });
    // The owner still resizes while the other viewer is there.
    first.send(setDesktopSize(1200, 700));
    await expect
      .poll(() => harness.xvnc.screenSize(), { timeout: 5000 })
      .toEqual({ width: 1200, height: 700 });
  });

  it("gives the screen the next viewer's last size when the owner leaves", async () => {
    const first = await viewer();
    first.send(setDesktopSize(1280, 800));
    await expect
      .poll(() => harness.xvnc.screenSize(), { timeout: 5000 })
      .toEqual({ width: 1280, height: 800 });
    const second = await viewer();
    second.send(setDesktopSize(800, 600));
    second.send(setDesktopSize(1024, 768));
    await settle();
    expect(await harness.xvnc.screenSize()).toEqual({ width: 1280, height: 800 });
    first.close();
    await first.closed();
    await expect
      .poll(() => harness.xvnc.screenSize(), { timeout: 1000 })
      .toEqual({ width: 1024, height: 768 });
    // A third viewer sees the new size and cannot change it while the second one is there.
    const third = await viewer();
    expect({ width: third.width, height: third.height }).toEqual({ width: 1024, height: 768 });
    third.send(setDesktopSize(640, 480));
    await settle();
    expect(await harness.xvnc.screenSize()).toEqual({ width: 1024, height: 768 });
  });

  it('drops a SetDesktopSize from a client that never announced ExtendedDesktopSize: Xvnc 1.12 would crash on it', async () => {
    const bare = harness.track(await connectRfb(`${harness.wsUrl}websockify`));
    const before = await harness.xvnc.screenSize();
    bare.send(setDesktopSize(800, 600));
    await settle();
    // Xvnc is still there, at its size, and serves the next viewer.
    expect(await harness.xvnc.screenSize()).toEqual(before);
    const next = await viewer();
    expect({ width: next.width, height: next.height }).toEqual(before);
  });

  it('never applies the size a view-only viewer asks for, even when it is the only viewer left', async () => {
    const first = await viewer();
    first.send(setDesktopSize(1280, 800));
    await expect
      .poll(() => harness.xvnc.screenSize(), { timeout: 5000 })
      .toEqual({ width: 1280, height: 800 });
    const watcher = await viewer('view-only/websockify');
    watcher.send(setDesktopSize(640, 480));
    first.close();
    await first.closed();
    await settle();
    expect(await harness.xvnc.screenSize()).toEqual({ width: 1280, height: 800 });
  });

  it('leaves the screen size to the next viewer when the first one scales the screen into its window (?resize=0)', async () => {
    await viewer('websockify?resize=0');
    const resizing = await viewer();
    resizing.send(setDesktopSize(1280, 800));
    await expect
      .poll(() => harness.xvnc.screenSize(), { timeout: 5000 })
      .toEqual({ width: 1280, height: 800 });
  });

  it('lets a viewer opened with ?takeover=1 own the screen at once, and hands it back when it leaves', async () => {
    const first = await viewer();
    first.send(setDesktopSize(1280, 800));
    await expect
      .poll(() => harness.xvnc.screenSize(), { timeout: 5000 })
      .toEqual({ width: 1280, height: 800 });
    const taker = await viewer('websockify?takeover=1');
    taker.send(setDesktopSize(1024, 768));
    await expect
      .poll(() => harness.xvnc.screenSize(), { timeout: 5000 })
      .toEqual({ width: 1024, height: 768 });
    first.send(setDesktopSize(1200, 700));
    await settle();
    expect(await harness.xvnc.screenSize()).toEqual({ width: 1024, height: 768 });
    taker.close();
    await taker.closed();
    await expect
      .poll(() => harness.xvnc.screenSize(), { timeout: 1000 })
      .toEqual({ width: 1200, height: 700 });
  });
});

describe('several browser pages, one desktop (real Chromium, real gateway, real Xvnc)', () => {
  const pages = useChromiumPages();
  const openPage = (width: number, height: number) => pages.open(harness.gateway.address.url, width, height);

  /** Whether noVNC shows the screen scaled into the page's window. */
  const scaled = (page: Page) =>
    page.evaluate(
      () => (window.heliosClient as unknown as { rfb: { scaleViewport: boolean } }).rfb.scaleViewport,
    );

  it("keeps the first page's size, shows it scaled in the second page, and gives the second page its size when the first leaves", async () => {
    const first = await openPage(1280, 800);
    await expect
      .poll(() => harness.xvnc.screenSize(), { timeout: 15_000 })
      .toEqual({ width: 1280, height: 800 });
    const second = await openPage(1024, 768);
    await expect.poll(() => scaled(second), { timeout: 10_000 }).toBe(true);
    expect(await harness.xvnc.screenSize()).toEqual({ width: 1280, height: 800 });
    expect(await scaled(first)).toBe(false);
    await first.context().close();
    await expect
      .poll(() => harness.xvnc.screenSize(), { timeout: 5000 })
      .toEqual({ width: 1024, height: 768 });
    await expect.poll(() => scaled(second), { timeout: 5000 }).toBe(false);
  });

  it('lets the first page keep the screen size through a dropped connection', async () => {
    const first = await openPage(1280, 800);
    await expect
      .poll(() => harness.xvnc.screenSize(), { timeout: 15_000 })
      .toEqual({ width: 1280, height: 800 });
    const second = await openPage(1024, 768);
    await expect.poll(() => scaled(second), { timeout: 10_000 }).toBe(true);
    // Closing the page's socket under it looks like a network drop; the page reconnects by itself.
    await first.evaluate(() =>
      (window.heliosClient as unknown as { rfb: { _sock: { close(): void } } }).rfb._sock.close(),
    );
    await waitForState(first, 'disconnected', 5000);
    await waitForState(first, 'connected', 10_000);
    await expect
      .poll(() => harness.xvnc.screenSize(), { timeout: 5000 })
      .toEqual({ width: 1280, height: 800 });
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(await harness.xvnc.screenSize()).toEqual({ width: 1280, height: 800 });
    expect(await scaled(first)).toBe(false);
    expect(await scaled(second)).toBe(true);
  });

  it("gives the screen the second page's size when the first leaves, though it asked for nothing when it opened", async () => {
    const first = await openPage(1280, 800);
    await expect
      .poll(() => harness.xvnc.screenSize(), { timeout: 15_000 })
      .toEqual({ width: 1280, height: 800 });
    // Same size as the screen: noVNC sees nothing to ask for.
    const second = await openPage(1280, 800);
    await first.setViewportSize({ width: 1100, height: 700 });
    await expect
      .poll(() => harness.xvnc.screenSize(), { timeout: 5000 })
      .toEqual({ width: 1100, height: 700 });
    await expect.poll(() => scaled(second), { timeout: 10_000 }).toBe(true);
    await first.context().close();
    await expect
      .poll(() => harness.xvnc.screenSize(), { timeout: 5000 })
      .toEqual({ width: 1280, height: 800 });
    await expect.poll(() => scaled(second), { timeout: 5000 }).toBe(false);
  });
});
