/**
 * Exit codes of the `helios` command. Only its entry point (`cli.ts`) picks
 * one; the README's exit code table is checked against this object by a test.
 */
export const EXIT_CODES = Object.freeze({
  /** The command did what it was asked. */
  OK: 0,
  /** It failed: no Docker engine, a failed command or build stage, a broken package map, … */
  FAILURE: 1,
  /** The command line is wrong: unknown command, flag, value or distro. */
  USAGE: 2,
} as const);
