import { constants } from 'node:os';
import { ERROR_CODES, InitError } from './errors.ts';

/** Exit codes of helios-init, chosen only by the entry point. */
export const EXIT_CODES = Object.freeze({
  /** Stopped on request (SIGTERM, SIGINT), every service stopped. */
  OK: 0,
  /** An unexpected internal error. */
  INTERNAL: 1,
  /** Invalid environment, config file, service table or command line. */
  USAGE: 2,
  /** An init hook failed under HELIOS_STRICT_HOOKS=1. */
  HOOK_FAILED: 3,
  /** The user, its home or a runtime folder could not be set up. */
  SETUP_FAILED: 4,
  /** A critical service failed too often. */
  SERVICE_FAILED: 5,
} as const);

/** 128 + N for signal N, the shell's convention for "killed by signal". */
export function exitCodeForSignal(signal: NodeJS.Signals): number {
  return 128 + (constants.signals[signal] ?? 0);
}

/** The exit code for an error that ended helios-init. */
export function exitCodeForError(error: unknown): number {
  if (!(error instanceof InitError)) return EXIT_CODES.INTERNAL;
  switch (error.code) {
    case ERROR_CODES.ENV_INVALID:
    case ERROR_CODES.CONFIG_INVALID:
    case ERROR_CODES.CONFIG_UNREADABLE:
    case ERROR_CODES.CLI_INVALID:
    case ERROR_CODES.SERVICE_GRAPH_INVALID:
    case ERROR_CODES.SECRET_UNREADABLE:
      return EXIT_CODES.USAGE;
    case ERROR_CODES.HOOK_FAILED:
      return EXIT_CODES.HOOK_FAILED;
    case ERROR_CODES.USER_SETUP_FAILED:
    case ERROR_CODES.RUNTIME_DIR_FAILED:
    case ERROR_CODES.RESTRICTED_SETUP_FAILED:
      return EXIT_CODES.SETUP_FAILED;
    case ERROR_CODES.SERVICE_FAILED:
      return EXIT_CODES.SERVICE_FAILED;
    case ERROR_CODES.STATE_UNREADABLE:
      return EXIT_CODES.INTERNAL;
  }
}
