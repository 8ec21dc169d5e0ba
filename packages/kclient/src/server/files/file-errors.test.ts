import { describe, expect, it } from 'vitest';
import { FilesError, filesErrorFromSystem } from './file-errors.ts';

const errno = (code: string) => Object.assign(new Error(`${code}: test`), { code });

describe('filesErrorFromSystem', () => {
  it.each([
    ['ENOENT', 'HELIOS_KCLIENT_FILES_NOT_FOUND', 404, 'nothing at "a/b.txt"'],
    ['ENOTDIR', 'HELIOS_KCLIENT_FILES_NOT_FOUND', 404, 'nothing at "a/b.txt"'],
    ['ELOOP', 'HELIOS_KCLIENT_FILES_BAD_PATH', 400, '"a/b.txt" is a symbolic link that cannot be followed'],
    ['ENXIO', 'HELIOS_KCLIENT_FILES_NOT_REGULAR', 415, '"a/b.txt" is not a regular file or folder'],
    [
      'ENOSPC',
      'HELIOS_KCLIENT_FILES_DISK_FULL',
      507,
      `no space left for "a/b.txt": the desktop's disk (or the user's quota) is full; free some space and try again`,
    ],
    [
      'EDQUOT',
      'HELIOS_KCLIENT_FILES_DISK_FULL',
      507,
      `no space left for "a/b.txt": the desktop's disk (or the user's quota) is full; free some space and try again`,
    ],
    [
      'EACCES',
      'HELIOS_KCLIENT_FILES_IO',
      403,
      'cannot write "a/b.txt": permission denied for the desktop user',
    ],
    ['EIO', 'HELIOS_KCLIENT_FILES_IO', 500, 'cannot write "a/b.txt": EIO'],
  ])('maps %s to %s (%i)', (code, expected, status, message) => {
    const cause = errno(code);
    const error = filesErrorFromSystem(cause, 'a/b.txt', 'write') as FilesError;
    expect(error).toBeInstanceOf(FilesError);
    expect({ code: error.code, status: error.status, message: error.message }).toEqual({
      code: expected,
      status,
      message,
    });
    expect(error.cause).toBe(cause);
    expect(error.toJSON()).toEqual({ code: expected, message });
  });

  it('leaves errors that are not system errors alone', () => {
    const error = new TypeError('bug');
    expect(filesErrorFromSystem(error, 'x', 'read')).toBe(error);
  });
});
