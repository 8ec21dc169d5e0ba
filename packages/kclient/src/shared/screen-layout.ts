/**
 * Multi-monitor layouts (README "Several screens"): the owner's window is
 * screen 1, each window opened with "Add screen" is one more screen placed
 * left, right, above or below what is already there. The result is what an
 * RFB SetDesktopSize carries: the framebuffer size and one rectangle per
 * screen, which Xvnc turns into RandR monitors. Pure: the gateway computes
 * and checks layouts with it, the pages read their own rectangle from it.
 */

/** Where an added screen goes, relative to the screens before it. */
export const SCREEN_PLACES = ['right', 'left', 'below', 'above'] as const;
export type ScreenPlace = (typeof SCREEN_PLACES)[number];

/** Screens of one desktop, the owner's own included (the limit). */
export const MAX_SCREENS = 4;

/** Xvnc's largest framebuffer side (its RandR size range, `xvnc.c`). */
const FRAMEBUFFER_MAX = 32768;

/** Stable codes of a refused layout (listed in the README's error table). */
export const SCREEN_ERROR_CODES = Object.freeze({
  LAYOUT: 'HELIOS_KCLIENT_SCREEN_LAYOUT',
  TOO_MANY: 'HELIOS_KCLIENT_SCREEN_TOO_MANY',
} as const);

/** A window's size in remote pixels. */
export interface ScreenSize {
  readonly width: number;
  readonly height: number;
}

/** A screen added by "Add screen": its number (2 to {@link MAX_SCREENS}), size and place. */
export interface AddedScreen extends ScreenSize {
  readonly screen: number;
  readonly place: ScreenPlace;
}

/** One screen of a layout: its number (1 is the owner's window) and rectangle in the framebuffer. */
interface LayoutScreen extends ScreenSize {
  readonly screen: number;
  readonly x: number;
  readonly y: number;
}

/** A framebuffer and the screens on it, screen 1 first, then by number. */
export interface ScreenLayout extends ScreenSize {
  readonly screens: readonly LayoutScreen[];
}

/** A layout, or why it is refused: a stable code and a message saying what and how to fix it. */
export type LayoutResult =
  | { readonly ok: true; readonly layout: ScreenLayout }
  | {
      readonly ok: false;
      readonly code: (typeof SCREEN_ERROR_CODES)[keyof typeof SCREEN_ERROR_CODES];
      readonly message: string;
    };

/**
 * Places the added screens around the owner's, in screen-number order:
 * `right` and `below` go past the far edge of everything placed so far,
 * `left` and `above` before its near edge, aligned with its top or left
 * side. Then shifts everything so the framebuffer starts at (0, 0), and
 * checks the result with {@link checkLayout}.
 */
export function arrangeScreens(primary: ScreenSize, added: readonly AddedScreen[]): LayoutResult {
  if (added.length + 1 > MAX_SCREENS) return tooMany(added.length + 1);
  const placed: LayoutScreen[] = [{ screen: 1, x: 0, y: 0, width: primary.width, height: primary.height }];
  for (const next of [...added].sort((a, b) => a.screen - b.screen)) {
    const box = boundsOf(placed);
    const { width, height } = next;
    const x = next.place === 'right' ? box.right : next.place === 'left' ? box.left - width : box.left;
    const y = next.place === 'below' ? box.bottom : next.place === 'above' ? box.top - height : box.top;
    placed.push({ screen: next.screen, x, y, width, height });
  }
  const box = boundsOf(placed);
  const screens = placed.map((s) => ({ ...s, x: s.x - box.left, y: s.y - box.top }));
  return checkLayout({ width: box.right - box.left, height: box.bottom - box.top, screens });
}

/**
 * Checks a layout the way a user would want it refused before Xvnc sees it:
 * at most {@link MAX_SCREENS} screens, distinct numbers, every side at least
 * 1 pixel, the framebuffer at most {@link FRAMEBUFFER_MAX} on each side,
 * each screen inside it, no two screens overlapping.
 */
export function checkLayout(layout: ScreenLayout): LayoutResult {
  const { screens } = layout;
  if (screens.length > MAX_SCREENS) return tooMany(screens.length);
  if (screens.length === 0) return refused('a layout needs at least one screen (received none)');
  const badSize = screens.find((s) => !sizeOk(s.width) || !sizeOk(s.height));
  if (badSize !== undefined) {
    return refused(
      `screen ${badSize.screen} is ${badSize.width}×${badSize.height} (expected whole sizes from 1 to ` +
        `${FRAMEBUFFER_MAX}): open the window with a visible size, at most Xvnc's largest desktop`,
    );
  }
  if (!sizeOk(layout.width) || !sizeOk(layout.height)) {
    return refused(
      `the screens together are ${layout.width}×${layout.height}, over Xvnc's largest desktop ` +
        `(${FRAMEBUFFER_MAX}×${FRAMEBUFFER_MAX}): use smaller windows or fewer screens`,
    );
  }
  const seen = new Set<number>();
  for (const s of screens) {
    if (seen.has(s.screen))
      return refused(`screen ${s.screen} appears twice: give each window its own number`);
    seen.add(s.screen);
    if (s.x < 0 || s.y < 0 || s.x + s.width > layout.width || s.y + s.height > layout.height) {
      return refused(
        `screen ${s.screen} at ${s.x},${s.y} (${s.width}×${s.height}) is outside the ` +
          `${layout.width}×${layout.height} desktop`,
      );
    }
  }
  for (const [i, a] of screens.entries()) {
    for (const b of screens.slice(i + 1)) {
      if (a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height) {
        return refused(
          `screens ${a.screen} and ${b.screen} overlap: place each screen beside the others ` +
            '(left, right, above or below)',
        );
      }
    }
  }
  return { ok: true, layout };
}

function sizeOk(value: number): boolean {
  return Number.isInteger(value) && value >= 1 && value <= FRAMEBUFFER_MAX;
}

function refused(message: string): LayoutResult {
  return { ok: false, code: SCREEN_ERROR_CODES.LAYOUT, message };
}

function tooMany(count: number): LayoutResult {
  return {
    ok: false,
    code: SCREEN_ERROR_CODES.TOO_MANY,
    message: `${count} screens asked for, at most ${MAX_SCREENS}: close a screen window before adding another`,
  };
}

function boundsOf(screens: readonly LayoutScreen[]) {
  return {
    left: Math.min(...screens.map((s) => s.x)),
    top: Math.min(...screens.map((s) => s.y)),
    right: Math.max(...screens.map((s) => s.x + s.width)),
    bottom: Math.max(...screens.map((s) => s.y + s.height)),
  };
}
