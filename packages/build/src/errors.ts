/** Stable error codes of @helios/build, listed in the README. */
export type BuildErrorCode =
  | 'HELIOS_BUILD_USAGE'
  | 'HELIOS_BUILD_UNKNOWN_DISTRO'
  | 'HELIOS_BUILD_NO_DOCKER'
  | 'HELIOS_BUILD_NO_DEBOOTSTRAP'
  | 'HELIOS_BUILD_REGISTRY_UNREACHABLE'
  | 'HELIOS_BUILD_MISSING_ARTIFACT'
  | 'HELIOS_BUILD_PACKAGE_MAP'
  | 'HELIOS_BUILD_STAGE_FAILED'
  | 'HELIOS_BUILD_COMMAND_FAILED'
  | 'HELIOS_BUILD_NOT_READY';

/** Every error thrown by @helios/build carries a stable `code`. */
export class BuildError extends Error {
  readonly code: BuildErrorCode;

  constructor(code: BuildErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'BuildError';
    this.code = code;
  }
}
