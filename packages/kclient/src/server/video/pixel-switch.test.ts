import { describe, expect, it } from 'vitest';
import { PixelSwitch, viewerKeyOf } from './pixel-switch.ts';

const KEY = 'Zq3-x_8Hk2LmNpQrStUvWx';

describe('viewerKeyOf', () => {
  it('takes a well-formed key and nothing else', () => {
    expect(viewerKeyOf(new URLSearchParams({ viewer: KEY }))).toBe(KEY);
    for (const bad of ['', 'short', 'has space in it 1234', 'x'.repeat(65), '../../etc/passwd12345']) {
      expect(viewerKeyOf(new URLSearchParams({ viewer: bad }))).toBeUndefined();
    }
    expect(viewerKeyOf(new URLSearchParams())).toBeUndefined();
  });
});

describe('PixelSwitch', () => {
  const recorder = () => {
    const calls: boolean[] = [];
    return { calls, quiet: (quiet: boolean) => void calls.push(quiet) };
  };

  it("quiets a page's bridge while its video socket is open and wakes it when it closes", () => {
    const pixels = new PixelSwitch();
    const bridge = recorder();
    pixels.attachBridge(KEY, bridge.quiet);
    const closeVideo = pixels.videoOpened(KEY);
    closeVideo();
    closeVideo();
    expect(bridge.calls).toEqual([true, false]);
  });

  it('quiets a bridge that connects while the video is already open (a reconnect)', () => {
    const pixels = new PixelSwitch();
    pixels.videoOpened(KEY);
    const bridge = recorder();
    pixels.attachBridge(KEY, bridge.quiet);
    expect(bridge.calls).toEqual([true]);
  });

  it('wakes only after the last of two video sockets closed, and leaves other pages alone', () => {
    const pixels = new PixelSwitch();
    const mine = recorder();
    const theirs = recorder();
    pixels.attachBridge(KEY, mine.quiet);
    pixels.attachBridge('another-page-key-0123', theirs.quiet);
    const first = pixels.videoOpened(KEY);
    const second = pixels.videoOpened(KEY);
    first();
    expect(mine.calls).toEqual([true]);
    second();
    expect(mine.calls).toEqual([true, false]);
    expect(theirs.calls).toEqual([]);
  });

  it('forgets pages once their sockets are gone', () => {
    const pixels = new PixelSwitch();
    const detach = pixels.attachBridge(KEY, recorder().quiet);
    const close = pixels.videoOpened(KEY);
    expect(pixels.size).toBe(1);
    detach();
    close();
    expect(pixels.size).toBe(0);
  });
});
