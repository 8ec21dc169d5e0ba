/**
 * Every error this package throws, each with a stable `code`. The README's
 * error table is checked against {@link ERROR_CODES} by a test, so adding a
 * code here without documenting it fails the suite.
 */

/** Stable error codes of `@helios/images`, one per problem. */
export const ERROR_CODES = Object.freeze({
  UNKNOWN_DISTRO: 'HELIOS_IMAGES_UNKNOWN_DISTRO',
  BAD_VERSION: 'HELIOS_IMAGES_BAD_VERSION',
} as const);

/** One of the {@link ERROR_CODES} values. */
export type ImagesErrorCode = (typeof ERROR_CODES)[keyof typeof ERROR_CODES];

/** Base class of every error raised by `@helios/images`. */
export class ImagesError extends Error {
  /** Stable machine-readable code, for example `HELIOS_IMAGES_UNKNOWN_DISTRO`. */
  readonly code: ImagesErrorCode;

  constructor(code: ImagesErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
    this.code = code;
  }
}
