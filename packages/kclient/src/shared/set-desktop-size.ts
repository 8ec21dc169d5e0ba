import type { ScreenLayout } from './screen-layout.ts';

/** RFB SetDesktopSize message type (the ExtendedDesktopSize extension). */
const SET_DESKTOP_SIZE = 251;

/**
 * Screen ids of a layout as Xvnc keeps them (it maps each id to one RandR
 * output): screen 1 keeps the id the server gave the desktop's first screen,
 * so the owner's monitor, and the panel on it, stay where they are; added
 * screens get ids of their own that no server-made id is likely to take.
 */
function screenIdOf(screen: number, primaryId: number): number {
  return screen === 1 ? primaryId : (0x48450000 + screen) >>> 0;
}

/**
 * The SetDesktopSize message that asks the VNC server for `layout`: the
 * framebuffer size, then one 16-byte rectangle per screen (id, x, y, width,
 * height, flags 0).
 */
export function setDesktopSizeMessage(layout: ScreenLayout, primaryId: number): Uint8Array {
  const bytes = new Uint8Array(8 + 16 * layout.screens.length);
  const view = new DataView(bytes.buffer);
  view.setUint8(0, SET_DESKTOP_SIZE);
  view.setUint16(2, layout.width);
  view.setUint16(4, layout.height);
  view.setUint8(6, layout.screens.length);
  for (const [i, s] of layout.screens.entries()) {
    const at = 8 + 16 * i;
    view.setUint32(at, screenIdOf(s.screen, primaryId));
    view.setUint16(at + 4, s.x);
    view.setUint16(at + 6, s.y);
    view.setUint16(at + 8, s.width);
    view.setUint16(at + 10, s.height);
    view.setUint32(at + 12, 0);
  }
  return bytes;
}
