import { constants } from 'node:os';

/** Exit codes of the `helios-kclient` command. */
export const EXIT_CODES = Object.freeze({
  /** Normal end (`--help`, `--version`). */
  OK: 0,
  /** The gateway failed at start (port in use, TLS) or while running. */
  FAILURE: 1,
  /** Configuration is invalid: flags, environment, secret files, client folder. */
  USAGE: 2,
});

/** 128 + N for a stop by signal N, as shells and tini report it. */
export function exitCodeForSignal(signal: NodeJS.Signals): number {
  return 128 + (constants.signals[signal] ?? 0);
}
