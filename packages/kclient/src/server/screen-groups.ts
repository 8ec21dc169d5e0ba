import { z } from 'zod';
import {
  type AddedScreen,
  arrangeScreens,
  type LayoutResult,
  SCREEN_PLACES,
  type ScreenSize,
} from '../shared/screen-layout.ts';

/** A group key: made by the page that clicks "Add screen", carried by every window of the group. */
const GROUP_KEY = z.string().regex(/^[A-Za-z0-9_-]{16,64}$/);
/** A size as a query parameter: whole pixels; the layout check says what is too small or too large. */
const SIZE = z.coerce.number().int().min(0).max(65535);

const addedScreenQuery = z.object({
  group: GROUP_KEY,
  // Screen 1 is the owner's window; a number past the limit is still taken, so the layout can refuse it.
  screen: z.coerce.number().int().min(2).max(255),
  width: SIZE,
  height: SIZE,
  place: z.enum(SCREEN_PLACES).default('right'),
});

const layoutQuery = z.object({
  group: GROUP_KEY,
  width: SIZE.optional(),
  height: SIZE.optional(),
});

/** A bridge URL's screen parameters (`group`, `screen`, `width`, `height`, `place`). */
export type AddedScreenQuery = { readonly group: string } & AddedScreen;

/**
 * The screen a bridge URL adds (`?group=KEY&screen=N&width=W&height=H&place=P`),
 * undefined for a plain viewer (no `screen`), or the problem when the
 * parameters are malformed.
 */
export function addedScreenOf(
  query: URLSearchParams,
):
  | { readonly ok: true; readonly screen: AddedScreenQuery | undefined }
  | { readonly ok: false; readonly issue: string } {
  if (!query.has('screen')) return { ok: true, screen: undefined };
  const parsed = addedScreenQuery.safeParse(Object.fromEntries(query));
  if (!parsed.success) return { ok: false, issue: issuesOf(parsed.error) };
  return { ok: true, screen: Object.freeze(parsed.data) };
}

/** The `{prefix}screens` query: the group, and the owner's window size when the owner asks. */
export function layoutQueryOf(
  query: URLSearchParams,
):
  | { readonly ok: true; readonly group: string; readonly primary: ScreenSize | undefined }
  | { readonly ok: false; readonly issue: string } {
  const parsed = layoutQuery.safeParse(Object.fromEntries(query));
  if (!parsed.success) return { ok: false, issue: issuesOf(parsed.error) };
  const { group, width, height } = parsed.data;
  const primary = width === undefined || height === undefined ? undefined : { width, height };
  return { ok: true, group, primary };
}

function issuesOf(error: z.ZodError): string {
  return error.issues.map((issue) => `${issue.path.join('.') || 'query'}: ${issue.message}`).join('; ');
}

interface Group {
  primary: ScreenSize | undefined;
  /** Added screens by the id of the bridge that shows them. */
  readonly added: Map<number, AddedScreen>;
}

/**
 * The screens of each group (README "Several screens"): a screen window's
 * bridge adds its screen while it is open; the owner's page reports its own
 * window size when it asks for the layout. Layouts are computed by
 * {@link arrangeScreens}, so a bad one is refused with its code and message.
 */
export class ScreenGroups {
  readonly #groups = new Map<string, Group>();

  /** A screen window's bridge opened; returns the removal, for when it closes. */
  add(bridge: number, screen: AddedScreenQuery): () => void {
    const group = this.#group(screen.group);
    const { screen: number, width, height, place } = screen;
    group.added.set(bridge, { screen: number, width, height, place });
    return () => {
      group.added.delete(bridge);
      // The owner's page reports its size again with its next request.
      if (group.added.size === 0) this.#groups.delete(screen.group);
    };
  }

  /** The owner's window size, as its page last reported it. */
  setPrimary(key: string, size: ScreenSize): void {
    this.#group(key).primary = size;
  }

  /**
   * The group's layout, or undefined until the owner's page reported its
   * size. A group without added screens is the owner's screen alone.
   */
  layout(key: string): LayoutResult | undefined {
    const group = this.#groups.get(key);
    if (group?.primary === undefined) return undefined;
    return arrangeScreens(group.primary, [...group.added.values()]);
  }

  #group(key: string): Group {
    let group = this.#groups.get(key);
    if (group === undefined) {
      group = { primary: undefined, added: new Map() };
      this.#groups.set(key, group);
    }
    return group;
  }
}
