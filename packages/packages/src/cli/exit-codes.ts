/**
 * The exit codes of `helios-packages`, documented in the README's exit-code table (a test
 * keeps the two equal). Only the entry point, `cli.ts`, picks one.
 */
export const EXIT_CODES = Object.freeze({
  /** The command did what it was asked. */
  OK: 0,
  /** Invalid input: the map has problems or cannot be read, the lists cannot be written, or a package is not in the list (`explain`). */
  FAILURE: 1,
  /** The command line is wrong: unknown command or option, missing or extra argument, bad value. */
  USAGE: 2,
} as const);

/** One of the {@link EXIT_CODES} values. */
export type ExitCode = (typeof EXIT_CODES)[keyof typeof EXIT_CODES];
