import { accessSync, constants, statSync } from 'node:fs';
import type { VideoConfig } from '../config/gateway-config.ts';

/**
 * Whether `{prefix}video` is served, and whether it can work: `off` (404,
 * the page is told `off`), `on`, or `broken`: served, but every socket is
 * told `unavailable` and closed, and the page is told `off`.
 */
export type VideoAvailability =
  | { readonly kind: 'off' }
  | { readonly kind: 'on'; readonly encoder: string }
  | { readonly kind: 'broken'; readonly reason: string; readonly asked: boolean };

/**
 * Decides at start from the option and the encoder binary. Video is on
 * exactly when it is not turned off and the binary is an executable file.
 * Without an encoder the route is still served, so a page that asks for
 * video anyway hears why it gets none instead of a bare 404; `asked` says
 * whether HELIOS_VIDEO=on asked for it (worth a warning).
 */
export function decideVideo(
  config: VideoConfig,
  problemOf: (path: string) => string | undefined,
): VideoAvailability {
  if (config.enabled === false) return { kind: 'off' };
  const problem = problemOf(config.encoder);
  if (problem === undefined) return { kind: 'on', encoder: config.encoder };
  return { kind: 'broken', reason: `${config.encoder}: ${problem}`, asked: config.enabled === true };
}

/** Why `path` is not an executable file, or `undefined` when it is one. */
export function executableProblem(path: string): string | undefined {
  try {
    if (!statSync(path).isFile()) return 'not a file';
    accessSync(path, constants.X_OK);
    return undefined;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code ?? String(error);
  }
}
