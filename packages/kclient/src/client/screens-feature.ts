import type { ScreenLayout, ScreenPlace } from '../shared/screen-layout.ts';
import type { Connection } from './connection.ts';
import { ScreenGroupLink } from './screen-group.ts';
import { rememberScreenPlace } from './screen-place-preference.ts';
import { nextScreenNumber, type ScreenRole, screenLinkOf, screenRoleOf } from './screen-role.ts';

/** The multi-monitor part of `window.heliosClient`. */
export interface ScreensHook {
  /** This page's screen number: 1 unless opened by "Add screen". */
  readonly screen: number;
  /** The group's last layout, undefined before "Add screen" or the first answer. */
  readonly layout: ScreenLayout | undefined;
  /** Why the last layout was refused, if it was. */
  readonly problem: string | undefined;
}

/** What {@link mountScreens} gives the page. */
export interface ScreensFeature {
  readonly role: ScreenRole;
  readonly hook: ScreensHook;
  /** The bridge URL's screen parameters: a screen window's group, number, size and place; none otherwise. */
  bridgeParams(): Readonly<Record<string, string>>;
  /** Links the page to its group once its connection exists (a screen window at once). */
  start(connection: Connection): void;
  /** The toolbar's "Add screen", on plain desktop pages with input. */
  readonly addScreen: ((place: ScreenPlace) => void) | undefined;
}

/**
 * Several screens (README "Several screens"): a page opened by "Add screen"
 * becomes screen N of its group; a plain page with input can add screens,
 * each in a new window, and sends the group's layout. `onProblem` is told
 * why a layout was refused or a screen cannot be added, and undefined once
 * all is well again.
 */
export function mountScreens(options: {
  readonly pageHref: string;
  readonly viewOnly: boolean;
  /** The element noVNC draws into. */
  readonly target: HTMLElement;
  readonly onProblem: (message: string | undefined) => void;
}): ScreensFeature {
  const { pageHref, viewOnly, target } = options;
  const role = screenRoleOf(pageHref);
  let connection: Connection | undefined;
  let link: ScreenGroupLink | undefined;
  let problem: string | undefined;
  const report = (message: string | undefined) => {
    problem = message;
    options.onProblem(message);
  };
  const linkTo = (group: string, screen: number, to: Connection) =>
    new ScreenGroupLink({
      pageHref,
      group,
      owner: screen === 1,
      screen,
      connection: to,
      target,
      onProblem: report,
    });

  /** The group this page made with "Add screen", and the windows it opened that are not in the layout yet. */
  let ownGroup: string | undefined;
  const opening = new Map<number, Window>();
  const addScreen = (place: ScreenPlace) => {
    if (connection === undefined) return;
    rememberScreenPlace(place);
    ownGroup ??= crypto.randomUUID().replaceAll('-', '');
    link ??= linkTo(ownGroup, 1, connection);
    link.start();
    for (const [number, opened] of opening) {
      if (opened.closed || link.layout?.screens.some((s) => s.screen === number)) opening.delete(number);
    }
    const number = nextScreenNumber(link.layout, [...opening.keys()]);
    if (number === undefined) {
      report('At most 4 screens: close a screen window before adding another.');
      return;
    }
    const opened = window.open(
      screenLinkOf(pageHref, ownGroup, number, place),
      `helios-screen-${ownGroup}-${number}`,
      'popup=yes,width=1024,height=768',
    );
    if (opened === null) report('The browser blocked the new window: allow pop-ups for this page.');
    else opening.set(number, opened);
  };

  return {
    role,
    hook: {
      screen: role.kind === 'screen' ? role.screen : 1,
      get layout() {
        return link?.layout;
      },
      get problem() {
        return problem;
      },
    },
    bridgeParams(): Readonly<Record<string, string>> {
      if (role.kind !== 'screen' || viewOnly) return {};
      const box = target.getBoundingClientRect();
      return {
        group: role.group,
        screen: String(role.screen),
        width: String(Math.floor(box.width)),
        height: String(Math.floor(box.height)),
        place: role.place,
      };
    },
    start(to) {
      connection = to;
      if (role.kind !== 'screen') return;
      // Never resize the desktop from here, not even before the first layout arrives.
      to.showScreen({ x: 0, y: 0 });
      link = linkTo(role.group, role.screen, to);
      link.start();
      // A resized screen window reconnects with its new size; the owner's page sends the new layout.
      let resizeTimer: ReturnType<typeof setTimeout> | undefined;
      window.addEventListener('resize', () => {
        clearTimeout(resizeTimer);
        resizeTimer = setTimeout(() => to.bridgeParamsChanged(), 500);
      });
    },
    addScreen: role.kind === 'desktop' && !viewOnly ? addScreen : undefined,
  };
}
