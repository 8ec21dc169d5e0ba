/**
 * Every error this package throws, each with a stable `code`. The README's
 * error table is checked against {@link ERROR_CODES} by a test, so adding a
 * code here without documenting it fails the suite.
 */

/** Stable error codes of `@helios/build`, one per problem. */
export const ERROR_CODES = Object.freeze({
  USAGE: 'HELIOS_BUILD_USAGE',
  NO_DOCKER: 'HELIOS_BUILD_NO_DOCKER',
  NO_DEBOOTSTRAP: 'HELIOS_BUILD_NO_DEBOOTSTRAP',
  REGISTRY_UNREACHABLE: 'HELIOS_BUILD_REGISTRY_UNREACHABLE',
  MISSING_ARTIFACT: 'HELIOS_BUILD_MISSING_ARTIFACT',
  PACKAGE_MAP: 'HELIOS_BUILD_PACKAGE_MAP',
  COMMAND_FAILED: 'HELIOS_BUILD_COMMAND_FAILED',
  NOT_READY: 'HELIOS_BUILD_NOT_READY',
  UNKNOWN_ARCH: 'HELIOS_BUILD_UNKNOWN_ARCH',
  NO_BINFMT: 'HELIOS_BUILD_NO_BINFMT',
} as const);

/** One of the {@link ERROR_CODES} values. */
export type BuildErrorCode = (typeof ERROR_CODES)[keyof typeof ERROR_CODES];

/** Base class of every error raised by `@helios/build`. */
export class BuildError extends Error {
  /** Stable machine-readable code, for example `HELIOS_BUILD_NO_DOCKER`. */
  readonly code: BuildErrorCode;

  constructor(code: BuildErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
    this.code = code;
  }
}

/** An external command (docker, debootstrap, tar, …) failed or could not start. */
export class CommandFailedError extends BuildError {
  /** The command line, e.g. `docker run --detach …`. */
  readonly command: string;
  /** Its exit code; undefined when it never started or was killed by a signal. */
  readonly exitCode: number | undefined;

  constructor(command: string, exitCode: number | undefined, message: string, options?: { cause?: unknown }) {
    super(ERROR_CODES.COMMAND_FAILED, message, options);
    this.command = command;
    this.exitCode = exitCode;
  }
}
