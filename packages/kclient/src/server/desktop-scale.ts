import { execa } from 'execa';
import { z } from 'zod';

/**
 * X root-window property that carries the desktop scale to the session
 * (string, e.g. `"2"`); `helios-desktop-scale` in the image watches it and
 * applies it to XFCE. A property rather than a file: X tells the watcher
 * about each change, and the value goes away with the X server it is for.
 */
const DESKTOP_SCALE_PROPERTY = '_HELIOS_DESKTOP_SCALE';

const error = 'expected a number from 1 to 4 in steps of 0.25';
const scaleSchema = z
  .string({ error })
  .regex(/^\d(\.\d{1,2})?$/, { error })
  .transform(Number)
  .pipe(
    z
      .number({ error })
      .min(1, { error })
      .max(4, { error })
      .refine((scale) => Number.isInteger(scale * 4), { error }),
  );

/** `?scale=` of a bridge URL: absent, a valid scale, or a problem to log. */
export type DesktopScaleParam =
  | { readonly ok: true; readonly scale: number | undefined }
  | { readonly ok: false; readonly issue: string };

/** Reads `scale` from the bridge URL's query (the browser client sends the desktop scale it wants). */
export function parseDesktopScale(searchParams: URLSearchParams): DesktopScaleParam {
  const raw = searchParams.get('scale');
  if (raw === null) return { ok: true, scale: undefined };
  const parsed = scaleSchema.safeParse(raw);
  return parsed.success
    ? { ok: true, scale: parsed.data }
    : { ok: false, issue: `scale: ${error} (received ${JSON.stringify(raw.slice(0, 20))})` };
}

/** Hands desktop scales to the session, newest last. */
export interface DesktopScalePublisher {
  /** Publishes `scale`; while a write runs, only the newest request waits behind it. */
  publish(scale: number): void;
  /** Resolves once nothing is being written. */
  idle(): Promise<void>;
}

/**
 * One writer at a time, so two viewers connecting together cannot end with
 * the older scale written last: the last request to arrive always wins.
 * Failures (no X display, no xprop) are reported, never thrown: the viewer
 * keeps its connection, the desktop keeps its scale.
 */
export function createDesktopScalePublisher(
  write: (scale: number) => Promise<void>,
  onError: (error: unknown, scale: number) => void,
): DesktopScalePublisher {
  let pending: number | undefined;
  let running: Promise<void> | undefined;
  const drain = async () => {
    while (pending !== undefined) {
      const scale = pending;
      pending = undefined;
      await write(scale).catch((cause: unknown) => onError(cause, scale));
    }
    running = undefined;
  };
  return {
    publish(scale) {
      pending = scale;
      running ??= drain();
    },
    idle: () => running ?? Promise.resolve(),
  };
}

/**
 * Sets {@link DESKTOP_SCALE_PROPERTY} on the root window of `$DISPLAY`.
 *
 * @param xprop The xprop command. @default 'xprop'
 */
export async function writeDesktopScaleProperty(scale: number, xprop = 'xprop'): Promise<void> {
  await execa(
    xprop,
    ['-root', '-f', DESKTOP_SCALE_PROPERTY, '8s', '-set', DESKTOP_SCALE_PROPERTY, String(scale)],
    { timeout: 5_000 },
  );
}
