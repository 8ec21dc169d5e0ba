import { chooseHidpiMode, HIDPI_STORAGE_KEY, type HidpiMode } from './hidpi-mode.ts';

/** The mode this page starts in: `?hidpi=`, else the remembered choice, else the screen's default. */
export function initialHidpiMode(pageHref: string): HidpiMode {
  return chooseHidpiMode({
    query: new URL(pageHref).searchParams.get('hidpi'),
    stored: readStored(),
    devicePixelRatio: window.devicePixelRatio,
  });
}

/** Remembers a choice made in the toolbar for the next visit on this origin. */
export function rememberHidpiMode(mode: HidpiMode): void {
  try {
    localStorage.setItem(HIDPI_STORAGE_KEY, mode);
  } catch {
    // Storage refused (sandboxed frame, privacy mode): the choice lasts this visit only.
  }
}

/**
 * Calls `onChange` whenever devicePixelRatio changes: the window moved to
 * another screen, or the browser zoom changed. A resolution media query
 * fires once per change, so it is renewed for the new ratio each time.
 */
export function watchDevicePixelRatio(onChange: (ratio: number) => void): void {
  const query = matchMedia(`(resolution: ${window.devicePixelRatio}dppx)`);
  query.addEventListener(
    'change',
    () => {
      onChange(window.devicePixelRatio);
      watchDevicePixelRatio(onChange);
    },
    { once: true },
  );
}

function readStored(): string | null {
  try {
    return localStorage.getItem(HIDPI_STORAGE_KEY);
  } catch {
    return null;
  }
}
