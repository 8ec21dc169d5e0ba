import { ERROR_CODES, KclientError } from '../errors.ts';

/** Codes of the file routes' refusals (docs/file-transfer.md), each with its HTTP status. */
const FILES_STATUS = Object.freeze({
  [ERROR_CODES.FILES_OFF]: 403,
  [ERROR_CODES.FILES_BAD_PATH]: 400,
  [ERROR_CODES.FILES_NOT_FOUND]: 404,
  [ERROR_CODES.FILES_EXISTS]: 409,
  [ERROR_CODES.FILES_TOO_LARGE]: 413,
  [ERROR_CODES.FILES_NOT_REGULAR]: 415,
  [ERROR_CODES.FILES_DISK_FULL]: 507,
  [ERROR_CODES.FILES_IO]: 500,
} as const);

/** One of the `HELIOS_KCLIENT_FILES_*` codes. */
export type FilesErrorCode = keyof typeof FILES_STATUS;

/**
 * A file request the gateway refuses or cannot finish. Its `code` and
 * `message` are what the client receives as JSON, with {@link FilesError.status}.
 */
export class FilesError extends KclientError {
  /** HTTP status the route answers with. */
  readonly status: number;
  declare readonly code: FilesErrorCode;

  constructor(code: FilesErrorCode, message: string, options?: { cause?: unknown; status?: number }) {
    super(code, message, options);
    this.status = options?.status ?? FILES_STATUS[code];
  }

  /** The JSON body of the answer. */
  toJSON(): { code: FilesErrorCode; message: string } {
    return { code: this.code, message: this.message };
  }
}

/**
 * The {@link FilesError} for a failed system call on `where` (a path inside
 * the file root, as the client named it). Errors that are not about the
 * file system are returned as they are.
 */
export function filesErrorFromSystem(error: unknown, where: string, doing: 'read' | 'write'): unknown {
  if (error instanceof FilesError) return error;
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  const shown = where === '' ? 'the file root' : `"${where}"`;
  switch (code) {
    case 'ENOENT':
    case 'ENOTDIR':
      return new FilesError(ERROR_CODES.FILES_NOT_FOUND, `nothing at ${shown}`, { cause: error });
    case 'ELOOP':
      return new FilesError(
        ERROR_CODES.FILES_BAD_PATH,
        `${shown} is a symbolic link that cannot be followed`,
        {
          cause: error,
        },
      );
    case 'EEXIST':
    case 'EISDIR':
    case 'ENOTEMPTY':
      return new FilesError(
        ERROR_CODES.FILES_EXISTS,
        `${shown}: something of another kind is in the way (a folder where a file goes, or a file where a folder goes)`,
        { cause: error },
      );
    case 'ENXIO':
      return new FilesError(ERROR_CODES.FILES_NOT_REGULAR, `${shown} is not a regular file or folder`, {
        cause: error,
      });
    case 'ENOSPC':
    case 'EDQUOT':
      return new FilesError(
        ERROR_CODES.FILES_DISK_FULL,
        `no space left for ${shown}: the desktop's disk (or the user's quota) is full; free some space and try again`,
        { cause: error },
      );
    case 'EACCES':
    case 'EPERM':
    case 'EROFS':
      return new FilesError(
        ERROR_CODES.FILES_IO,
        `cannot ${doing} ${shown}: ${code === 'EROFS' ? 'read-only file system' : 'permission denied for the desktop user'}`,
        { cause: error, status: 403 },
      );
    default:
      return typeof code === 'string'
        ? new FilesError(ERROR_CODES.FILES_IO, `cannot ${doing} ${shown}: ${code}`, { cause: error })
        : error;
  }
}

/**
 * The answer to a URL the router cannot even decode (a lone `%`), when it is
 * a file path: fastify answers those before any route, so the file routes
 * never see them.
 */
export function filesBadUrlError(prefix: string, url: string): FilesError | undefined {
  if (!url.startsWith(`${prefix}files/`)) return undefined;
  return new FilesError(ERROR_CODES.FILES_BAD_PATH, 'bad path: malformed percent-encoding');
}
