import { describe, expect, it } from 'vitest';
import { type AddedScreen, arrangeScreens, checkLayout, type ScreenLayout } from './screen-layout.ts';
import { setDesktopSizeMessage } from './set-desktop-size.ts';

const PRIMARY = { width: 1280, height: 800 };
const added = (screen: number, place: AddedScreen['place'], width = 1024, height = 768): AddedScreen => ({
  screen,
  place,
  width,
  height,
});

describe('arrangeScreens', () => {
  it('puts a screen on the right beside the owner, tops aligned', () => {
    expect(arrangeScreens(PRIMARY, [added(2, 'right')])).toEqual({
      ok: true,
      layout: {
        width: 2304,
        height: 800,
        screens: [
          { screen: 1, x: 0, y: 0, width: 1280, height: 800 },
          { screen: 2, x: 1280, y: 0, width: 1024, height: 768 },
        ],
      },
    });
  });

  it('moves the owner right when a screen goes on the left', () => {
    const result = arrangeScreens(PRIMARY, [added(2, 'left')]);
    expect(result.ok && result.layout.screens).toEqual([
      { screen: 1, x: 1024, y: 0, width: 1280, height: 800 },
      { screen: 2, x: 0, y: 0, width: 1024, height: 768 },
    ]);
  });

  it('stacks screens above and below, left sides aligned', () => {
    const result = arrangeScreens(PRIMARY, [added(3, 'below'), added(2, 'above')]);
    expect(result).toMatchObject({ ok: true, layout: { width: 1280, height: 768 + 800 + 768 } });
    expect(result.ok && result.layout.screens.map((s) => [s.screen, s.x, s.y])).toEqual([
      [1, 0, 768],
      [2, 0, 0],
      [3, 0, 1568],
    ]);
  });

  it('places four screens without overlap', () => {
    const result = arrangeScreens(PRIMARY, [added(2, 'right'), added(3, 'below'), added(4, 'left')]);
    expect(result.ok).toBe(true);
  });

  it('refuses a fifth screen, and 50, saying the limit', () => {
    const four = [added(2, 'right'), added(3, 'right'), added(4, 'right'), added(5, 'right')];
    expect(arrangeScreens(PRIMARY, four)).toEqual({
      ok: false,
      code: 'HELIOS_KCLIENT_SCREEN_TOO_MANY',
      message: '5 screens asked for, at most 4: close a screen window before adding another',
    });
    const fifty = Array.from({ length: 49 }, (_, i) => added(i + 2, 'right', 10, 10));
    expect(arrangeScreens(PRIMARY, fifty)).toMatchObject({
      ok: false,
      code: 'HELIOS_KCLIENT_SCREEN_TOO_MANY',
    });
  });

  it('refuses a zero-sized window', () => {
    expect(arrangeScreens(PRIMARY, [added(2, 'right', 0, 768)])).toEqual({
      ok: false,
      code: 'HELIOS_KCLIENT_SCREEN_LAYOUT',
      message:
        "screen 2 is 0×768 (expected whole sizes from 1 to 32768): open the window with a visible size, at most Xvnc's largest desktop",
    });
  });

  it("refuses screens that together pass Xvnc's largest desktop", () => {
    expect(arrangeScreens(PRIMARY, [added(2, 'right', 32000, 768)])).toEqual({
      ok: false,
      code: 'HELIOS_KCLIENT_SCREEN_LAYOUT',
      message:
        "the screens together are 33280×800, over Xvnc's largest desktop (32768×32768): use smaller windows or fewer screens",
    });
  });
});

describe('checkLayout', () => {
  const layout = (screens: ScreenLayout['screens'], width = 2304, height = 800): ScreenLayout => ({
    width,
    height,
    screens,
  });

  it('refuses overlapping screens', () => {
    const result = checkLayout(
      layout([
        { screen: 1, x: 0, y: 0, width: 1280, height: 800 },
        { screen: 2, x: 1000, y: 0, width: 1024, height: 768 },
      ]),
    );
    expect(result).toEqual({
      ok: false,
      code: 'HELIOS_KCLIENT_SCREEN_LAYOUT',
      message: 'screens 1 and 2 overlap: place each screen beside the others (left, right, above or below)',
    });
  });

  it('refuses a screen outside the framebuffer and a number used twice', () => {
    expect(checkLayout(layout([{ screen: 1, x: 2000, y: 0, width: 1280, height: 800 }]))).toMatchObject({
      ok: false,
      message: 'screen 1 at 2000,0 (1280×800) is outside the 2304×800 desktop',
    });
    expect(
      checkLayout(
        layout([
          { screen: 1, x: 0, y: 0, width: 10, height: 10 },
          { screen: 1, x: 20, y: 0, width: 10, height: 10 },
        ]),
      ),
    ).toMatchObject({ ok: false, message: 'screen 1 appears twice: give each window its own number' });
  });
});

describe('setDesktopSizeMessage', () => {
  it('encodes the framebuffer and one rectangle per screen, screen 1 keeping the server id', () => {
    const result = arrangeScreens(PRIMARY, [added(2, 'right')]);
    if (!result.ok) throw new Error(result.message);
    const bytes = Buffer.from(setDesktopSizeMessage(result.layout, 7));
    expect(bytes.length).toBe(8 + 32);
    expect([bytes[0], bytes.readUInt16BE(2), bytes.readUInt16BE(4), bytes[6]]).toEqual([251, 2304, 800, 2]);
    expect([bytes.readUInt32BE(8), bytes.readUInt16BE(12), bytes.readUInt16BE(16)]).toEqual([7, 0, 1280]);
    expect([bytes.readUInt32BE(24), bytes.readUInt16BE(28), bytes.readUInt16BE(32)]).toEqual([
      0x48450002, 1280, 1024,
    ]);
  });
});
