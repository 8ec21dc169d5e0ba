/**
 * How the page uses a HiDPI screen:
 * - `sharp`: the remote desktop has one pixel per physical pixel of the
 *   window and is scaled up inside (XFCE), so text is crisp;
 * - `light`: one remote pixel per CSS pixel, enlarged by the browser: a
 *   quarter of the pixels to encode and send on a ratio-2 screen, but blurred.
 */
export type HidpiMode = 'sharp' | 'light';

/** localStorage key that remembers the viewer's choice. */
export const HIDPI_STORAGE_KEY = 'helios.hidpi';

/** Screens at or above this devicePixelRatio start in `sharp` mode. */
const SHARP_DEFAULT_MIN_RATIO = 1.5;

/** Largest desktop scale the page asks for (XFCE has no use for more). */
const MAX_DESKTOP_SCALE = 4;

/** `'sharp'` or `'light'`, or undefined for anything else (missing, mistyped). */
export function parseHidpiMode(value: string | null | undefined): HidpiMode | undefined {
  return value === 'sharp' || value === 'light' ? value : undefined;
}

/** Where the mode can come from, strongest first. */
export interface HidpiModeSources {
  /** `?hidpi=` of the page URL: a link or script forces the mode. */
  readonly query: string | null;
  /** The viewer's last choice on this origin (localStorage). */
  readonly stored: string | null;
  readonly devicePixelRatio: number;
}

/**
 * Picks the mode: the page URL wins, then the remembered choice, then the
 * screen: `sharp` from {@link SHARP_DEFAULT_MIN_RATIO}, below which blur is
 * mild and the extra pixels are not worth their bandwidth.
 */
export function chooseHidpiMode(sources: HidpiModeSources): HidpiMode {
  return (
    parseHidpiMode(sources.query) ??
    parseHidpiMode(sources.stored) ??
    (sources.devicePixelRatio >= SHARP_DEFAULT_MIN_RATIO ? 'sharp' : 'light')
  );
}

/**
 * Remote pixels per CSS pixel: the devicePixelRatio in `sharp` mode (never
 * below 1: zoomed-out pages would otherwise shrink the desktop), 1 in `light`.
 */
export function pixelRatioFor(mode: HidpiMode, devicePixelRatio: number): number {
  if (mode === 'light' || !Number.isFinite(devicePixelRatio)) return 1;
  return Math.min(MAX_DESKTOP_SCALE, Math.max(1, devicePixelRatio));
}

/**
 * The scale the desktop should draw its UI at for a pixel ratio, in quarter
 * steps: browser zoom yields ratios like 2.2000000476837, and the desktop
 * needs a stable value to compare and a short one for the URL.
 */
export function desktopScaleFor(pixelRatio: number): number {
  return Math.min(MAX_DESKTOP_SCALE, Math.max(1, Math.round(pixelRatio * 4) / 4));
}

/** Size in physical pixels of a CSS box at a pixel ratio (rounded: 853.33 × 1.5 is 1280). */
export function physicalSize(css: { w: number; h: number }, pixelRatio: number): { w: number; h: number } {
  return { w: Math.round(css.w * pixelRatio), h: Math.round(css.h * pixelRatio) };
}
