/**
 * Every error this package throws, each with a stable `code`. The README's
 * error table is checked against {@link ERROR_CODES} by a test, so adding a
 * code here without documenting it fails the build.
 */

import { SCREEN_ERROR_CODES } from '../shared/screen-layout.ts';

/** Stable error codes, one per problem. */
export const ERROR_CODES = Object.freeze({
  CONFIG_INVALID: 'HELIOS_KCLIENT_CONFIG_INVALID',
  SECRET_UNREADABLE: 'HELIOS_KCLIENT_SECRET_UNREADABLE',
  CLIENT_DIR_MISSING: 'HELIOS_KCLIENT_CLIENT_DIR_MISSING',
  TLS_UNREADABLE: 'HELIOS_KCLIENT_TLS_UNREADABLE',
  LISTEN_FAILED: 'HELIOS_KCLIENT_LISTEN_FAILED',
  RFB_PROTOCOL: 'HELIOS_KCLIENT_RFB_PROTOCOL',
  RFB_UNSUPPORTED: 'HELIOS_KCLIENT_RFB_UNSUPPORTED',
  AUDIO_CODEC: 'HELIOS_KCLIENT_AUDIO_CODEC',
  AUDIO_MESSAGE: 'HELIOS_KCLIENT_AUDIO_MESSAGE',
  VIDEO_ENCODER: 'HELIOS_KCLIENT_VIDEO_ENCODER',
  VIDEO_MESSAGE: 'HELIOS_KCLIENT_VIDEO_MESSAGE',
  FILES_OFF: 'HELIOS_KCLIENT_FILES_OFF',
  FILES_BAD_PATH: 'HELIOS_KCLIENT_FILES_BAD_PATH',
  FILES_NOT_FOUND: 'HELIOS_KCLIENT_FILES_NOT_FOUND',
  FILES_EXISTS: 'HELIOS_KCLIENT_FILES_EXISTS',
  FILES_TOO_LARGE: 'HELIOS_KCLIENT_FILES_TOO_LARGE',
  FILES_NOT_REGULAR: 'HELIOS_KCLIENT_FILES_NOT_REGULAR',
  FILES_DISK_FULL: 'HELIOS_KCLIENT_FILES_DISK_FULL',
  FILES_IO: 'HELIOS_KCLIENT_FILES_IO',
  SCREEN_LAYOUT: SCREEN_ERROR_CODES.LAYOUT,
  SCREEN_TOO_MANY: SCREEN_ERROR_CODES.TOO_MANY,
} as const);

/** One of the {@link ERROR_CODES} values. */
export type KclientErrorCode = (typeof ERROR_CODES)[keyof typeof ERROR_CODES];

/** Base class of every error raised by `@helios/kclient`. */
export class KclientError extends Error {
  /** Stable machine-readable code, for example `HELIOS_KCLIENT_CONFIG_INVALID`. */
  readonly code: KclientErrorCode;

  constructor(code: KclientErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
    this.code = code;
  }
}

/** Configuration (flags, environment, files they point to) is invalid. */
export class ConfigError extends KclientError {
  /** One line per problem, `where: what (expected …, received …)`. */
  readonly issues: readonly string[];

  constructor(issues: readonly string[], options?: { cause?: unknown }) {
    super(ERROR_CODES.CONFIG_INVALID, `invalid configuration:\n  - ${issues.join('\n  - ')}`, options);
    this.issues = Object.freeze([...issues]);
  }
}

/** A `*_FILE` secret (token or password) could not be read. */
export class SecretFileError extends KclientError {
  constructor(variable: string, path: string, cause: unknown) {
    super(
      ERROR_CODES.SECRET_UNREADABLE,
      `${variable}: cannot read secret file ${path} (expected a readable file): ${describe(cause)}`,
      { cause },
    );
  }
}

/** The browser client folder does not exist or lacks `index.html`. */
export class ClientDirError extends KclientError {
  constructor(tried: readonly string[], cause?: unknown) {
    super(
      ERROR_CODES.CLIENT_DIR_MISSING,
      `browser client not found: expected index.html in ${tried.join(' or ')} ` +
        '(set HELIOS_CLIENT_DIR or --client-dir)',
      { cause },
    );
  }
}

/** The TLS certificate or key could not be read or generated. */
export class TlsError extends KclientError {
  constructor(what: string, cause: unknown) {
    super(ERROR_CODES.TLS_UNREADABLE, `TLS: ${what}: ${describe(cause)}`, { cause });
  }
}

/** The HTTP or HTTPS listener could not bind. */
export class ListenError extends KclientError {
  constructor(where: string, cause: unknown) {
    super(ERROR_CODES.LISTEN_FAILED, `cannot listen on ${where}: ${describe(cause)}`, { cause });
  }
}

/** The client-to-server RFB stream is not valid RFB. */
export class RfbProtocolError extends KclientError {
  constructor(message: string) {
    super(ERROR_CODES.RFB_PROTOCOL, `RFB client stream: ${message}`);
  }
}

/** The RFB stream uses something the input filter cannot follow safely. */
export class RfbUnsupportedError extends KclientError {
  constructor(message: string) {
    super(ERROR_CODES.RFB_UNSUPPORTED, `RFB client stream: ${message}`);
  }
}

function describe(cause: unknown): string {
  return cause instanceof Error ? cause.message : String(cause);
}
