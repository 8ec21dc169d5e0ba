/** Stable error codes of @helios/images. */
export type ImagesErrorCode = 'HELIOS_IMAGES_UNKNOWN_DISTRO' | 'HELIOS_IMAGES_BAD_VERSION';

/** Every error thrown by @helios/images carries a stable `code`. */
export class ImagesError extends Error {
  readonly code: ImagesErrorCode;

  constructor(code: ImagesErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'ImagesError';
    this.code = code;
  }
}
