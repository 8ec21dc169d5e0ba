import { MAX_SCREENS, SCREEN_PLACES, type ScreenLayout, type ScreenPlace } from '../shared/screen-layout.ts';

/** What a page is in a group of screen windows (README "Several screens"). */
export type ScreenRole =
  | { readonly kind: 'desktop' }
  | { readonly kind: 'screen'; readonly group: string; readonly screen: number; readonly place: ScreenPlace };

const GROUP_KEY = /^[A-Za-z0-9_-]{16,64}$/;

/**
 * The page's role from its URL: `?screen=N&group=KEY&place=P` (as "Add
 * screen" opens it) is screen N of that group; anything else, or a
 * malformed link, is a plain desktop page.
 */
export function screenRoleOf(pageHref: string): ScreenRole {
  const query = new URL(pageHref).searchParams;
  const screen = Number(query.get('screen'));
  const group = query.get('group') ?? '';
  if (!Number.isInteger(screen) || screen < 2 || screen > 255 || !GROUP_KEY.test(group))
    return { kind: 'desktop' };
  return { kind: 'screen', group, screen, place: placeOf(query.get('place')) };
}

/** A place name, or `right` for anything else. */
export function placeOf(value: string | null): ScreenPlace {
  return SCREEN_PLACES.find((place) => place === value) ?? 'right';
}

/**
 * The link of screen `screen` of `group`: the page itself (prefix and
 * view-only kept) with the screen's query, in VNC mode (the video overlay
 * shows the whole framebuffer, not one screen's part).
 */
export function screenLinkOf(pageHref: string, group: string, screen: number, place: ScreenPlace): string {
  const url = new URL('.', pageHref);
  url.search = new URLSearchParams({ screen: String(screen), group, place, mode: 'vnc' }).toString();
  return url.href;
}

/**
 * The lowest screen number from 2 that neither the layout nor a window
 * still being opened uses, or undefined when {@link MAX_SCREENS} are taken.
 */
export function nextScreenNumber(
  layout: ScreenLayout | undefined,
  opening: readonly number[],
): number | undefined {
  const taken = new Set([...(layout?.screens.map((s) => s.screen) ?? []), ...opening]);
  for (let screen = 2; screen <= MAX_SCREENS; screen++) if (!taken.has(screen)) return screen;
  return undefined;
}
