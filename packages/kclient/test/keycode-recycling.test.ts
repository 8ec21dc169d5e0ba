import { describe, expect, it } from 'vitest';
import { parseKeymapTable } from '../src/server/keyboard/keymap-listing.ts';
import { recordKeyEvents } from './support/xvnc.ts';
import { useXvncGateway } from './support/xvnc-gateway.ts';

/** 60 distinct CJK characters: three times the spare keycodes of a US keymap. */
const characters = Array.from({ length: 60 }, (_, i) => 0x1004e00 + i * 7);
/** How the page paces inserted text (client/key-pacing.ts): 8 such characters, then 150 ms. */
const BURST = 8;
const GAP_MS = 150;
const SHIFT = 0xffe1;

/**
 * Characters outside the keymap typed through a real gateway into a real
 * Xvnc (the host's: TigerVNC 1.12 on Debian 12, which never frees the ~19
 * keycodes it gives them), read back by a real X client. The gateway runs
 * with DISPLAY set, as in the image.
 */
describe('typing many characters outside the keymap through the gateway', () => {
  const harness = useXvncGateway('1024x768', { display: true });

  it('types every one of 60 distinct characters, and leaves the layout keys as they were', async () => {
    const { xvnc } = harness;
    const layoutBefore = parseKeymapTable(await xvnc.exec('xmodmap', ['-pk'])).filter(
      (entry) => entry.keysyms.length > 0,
    );
    const xev = await recordKeyEvents(xvnc);
    try {
      const viewer = await harness.viewer('websockify');
      // Xvnc 1.12 loses the keysyms it adds before the first key of a session
      // has reached X: the page taps Shift when it connects, long before typing.
      viewer.key(SHIFT, true);
      viewer.key(SHIFT, false);
      await expect.poll(xev.events, { timeout: 5000 }).toMatch(/KeyRelease event[\s\S]*Shift_L/);
      for (let start = 0; start < characters.length; start += BURST) {
        for (const keysym of characters.slice(start, start + BURST)) {
          viewer.key(keysym, true);
          viewer.key(keysym, false);
        }
        await new Promise((resolve) => setTimeout(resolve, GAP_MS));
      }
      const typed = () =>
        [...xev.events().matchAll(/KeyPress event[\s\S]*?keysym (0x[0-9a-f]+)/g)]
          .map((match) => Number(match[1]))
          .filter((keysym) => keysym !== SHIFT);
      await expect.poll(() => typed().length, { timeout: 10_000 }).toBe(characters.length);
      expect(typed()).toEqual(characters);
      expect(xvnc.log()).not.toMatch(/Failure adding new keysym/);
    } finally {
      xev.stop();
    }
    // Only keycodes Xvnc had added were cleared: every key of the layout keeps its symbols.
    const layoutAfter = parseKeymapTable(await xvnc.exec('xmodmap', ['-pk']));
    for (const entry of layoutBefore) {
      expect(layoutAfter.find((e) => e.keycode === entry.keycode)?.keysyms).toEqual(entry.keysyms);
    }
  });
});
