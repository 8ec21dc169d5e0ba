/**
 * Several viewers, one desktop (README, "Several viewers"): only the viewer
 * that owns the screen size resizes the remote screen; the gateway holds the
 * others' requests back. A page cannot ask the gateway who owns it, but it
 * sees the answer: when the framebuffer keeps another size than the one it
 * asked for, another viewer owns the screen, and the page scales the
 * framebuffer into its window instead of showing it cropped. When the
 * framebuffer takes its size again (it became owner), it goes back to one
 * remote pixel per pixel.
 */

/** A width and height in remote pixels. */
export interface Size {
  readonly w: number;
  readonly h: number;
}

/** What the page concluded about the screen size so far. */
export interface ScreenFit {
  /** Scale the framebuffer into the window: another viewer owns the screen size. */
  readonly fit: boolean;
  /** When the framebuffer was first seen differing from the size asked for; undefined while they match. */
  readonly differentSince: number | undefined;
  /**
   * The screen took this page's size when it last looked: the page owns the
   * screen size as far as it can tell, and claims it back after a reconnect.
   */
  readonly owner: boolean;
}

/** Before the first look: neither scaled nor owner. */
export const INITIAL_SCREEN_FIT: ScreenFit = Object.freeze({
  fit: false,
  differentSince: undefined,
  owner: false,
});

/**
 * How long the framebuffer may differ from the size asked for before the
 * page concludes another viewer owns the screen: a resize the page owns
 * takes a round trip to the server (well under this on any usable link).
 */
export const NOT_APPLIED_AFTER_MS = 1000;

/**
 * Folds one look at the sizes into the state. `wanted` is the size this page
 * asks the remote screen for, `framebuffer` the size the server sends;
 * either is undefined (or empty) before there is one, which changes nothing.
 */
export function nextScreenFit(
  state: ScreenFit,
  wanted: Size | undefined,
  framebuffer: Size | undefined,
  now: number,
): ScreenFit {
  if (isEmpty(wanted) || isEmpty(framebuffer)) return state;
  if (wanted.w === framebuffer.w && wanted.h === framebuffer.h) {
    return { fit: false, differentSince: undefined, owner: true };
  }
  const differentSince = state.differentSince ?? now;
  const notApplied = now - differentSince >= NOT_APPLIED_AFTER_MS;
  return { fit: state.fit || notApplied, differentSince, owner: state.owner && !notApplied };
}

function isEmpty(size: Size | undefined): size is undefined {
  return size === undefined || size.w <= 0 || size.h <= 0;
}
