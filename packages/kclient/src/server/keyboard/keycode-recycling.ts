import { execa } from 'execa';
import { emptyKeycodes, keycodesToClear, parseKeymapTable, reusesSpareKeycodes } from './keymap-listing.ts';
import { SpareKeycodeRecycler } from './spare-keycode-recycler.ts';

/** What a bridge tells the recycling about its keys. */
export interface KeyWatcher {
  /** A key event forwarded to the VNC server. */
  key(keysym: number, down: boolean): void;
  /** The bridge closed: its keys are no longer held. */
  detach(): void;
}

/** Keeps Xvnc's spare keycodes free for the keysyms that need them (see {@link SpareKeycodeRecycler}). */
export interface KeycodeRecycling {
  /** A watcher for one bridge. */
  attach(): KeyWatcher;
}

/** How the recycling reaches the X server. */
export interface KeycodeRecyclingOptions {
  /** The X display of the VNC server; none turns recycling off. */
  readonly display: string | undefined;
  /** Reports a failed clearing (no xmodmap, X gone); the next key tries again. */
  readonly onError: (error: unknown) => void;
  /** @default 'xmodmap' */
  readonly xmodmap?: string;
  /** The VNC server's binary, asked for its version. @default 'Xvnc' */
  readonly xvnc?: string;
}

const COMMAND_TIMEOUT_MS = 5_000;

/**
 * Clears the keycodes Xvnc gave to keysyms outside the keymap once they are
 * no longer among the recently typed ones, so a TigerVNC that never frees
 * them (before 1.15) can reuse them: without it, bookworm's Xvnc types
 * nothing from the 20th distinct such character of a session on. Off when
 * the server reuses them itself (1.15 and later), or when there is no
 * display or no `Xvnc` to ask. One clearing runs at a time; keys that ask
 * for one meanwhile get a single clearing after it.
 */
export function startKeycodeRecycling(options: KeycodeRecyclingOptions): KeycodeRecycling {
  const { display, onError } = options;
  const xmodmap = options.xmodmap ?? 'xmodmap';
  const env = { DISPLAY: display };
  const recycler = new SpareKeycodeRecycler();
  const enabled: Promise<boolean> =
    display === undefined
      ? Promise.resolve(false)
      : execa(options.xvnc ?? 'Xvnc', ['-version'], {
          all: true,
          reject: false,
          timeout: COMMAND_TIMEOUT_MS,
        }).then(({ all }) => reusesSpareKeycodes(all ?? '') === false);
  let on = false;
  let running: Promise<void> | undefined;
  let again = false;

  const readKeymap = async () =>
    parseKeymapTable((await execa(xmodmap, ['-pk'], { env, timeout: COMMAND_TIMEOUT_MS })).stdout);
  /**
   * The keycodes Xvnc may use, read once when the first viewer connects
   * (X is up then, and nothing has been typed yet); read again at the next
   * viewer if that failed. Only these are ever cleared.
   */
  let spare: Promise<Set<number>> | undefined;
  const readSpare = () => {
    spare ??= readKeymap().then(emptyKeycodes);
    spare.catch(() => {
      spare = undefined;
    });
  };

  const clearOnce = async () => {
    const empty = await (spare ??
      Promise.reject(new Error('the keymap could not be read when a viewer connected')));
    const entries = await readKeymap();
    // What to keep is read after the listing, so a key that came meanwhile counts.
    const keycodes = keycodesToClear(entries, empty, recycler.kept());
    if (keycodes.length === 0) return;
    await execa(
      xmodmap,
      keycodes.flatMap((keycode) => ['-e', `keycode ${keycode} =`]),
      { env, timeout: COMMAND_TIMEOUT_MS },
    );
  };
  const clear = async () => {
    do {
      again = false;
      await clearOnce().catch(onError);
    } while (again);
    running = undefined;
  };
  const requestClear = () => {
    if (running !== undefined) again = true;
    else running = clear();
  };
  const checked = enabled.then((yes) => {
    on = yes;
  });

  let nextBridge = 1;
  return {
    attach() {
      const bridge = nextBridge++;
      void checked.then(() => {
        if (on) readSpare();
      });
      return {
        key(keysym, down) {
          if (recycler.key(bridge, keysym, down) && on) requestClear();
        },
        detach: () => recycler.forget(bridge),
      };
    },
  };
}
