import { randomBytes } from 'node:crypto';
import { constants, type Stats } from 'node:fs';
import { type FileHandle, lstat, mkdir, open, readlink, realpath, stat, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { ERROR_CODES } from '../errors.ts';
import { FilesError, filesErrorFromSystem } from './file-errors.ts';
import { type FilePath, isInsideRoot } from './file-path.ts';

/**
 * The I/O edge of file transfer: turns a checked {@link FilePath} into an
 * open file or folder that is really inside the root. Symbolic links are
 * resolved first (one pointing inside the root is followed, one pointing out
 * is refused), the last component is opened with `O_NOFOLLOW`, and the open
 * descriptor's own path (`/proc/self/fd`) is checked again, so a link swapped
 * in between the check and the open still cannot lead out.
 */

/** Prefix of the hidden temporary files uploads are written to; listings skip them. */
export const UPLOAD_TEMP_PREFIX = '.helios-upload-';

/** A regular file opened for reading, or a folder, inside the root. */
export type ReadTarget =
  | { readonly kind: 'file'; readonly handle: FileHandle; readonly size: number; readonly name: string }
  | { readonly kind: 'folder'; readonly realPath: string; readonly root: string };

/** Real path of the root, refusing a root that does not exist. */
async function realRoot(root: string): Promise<string> {
  try {
    return await realpath(root);
  } catch (cause) {
    throw new FilesError(
      ERROR_CODES.FILES_NOT_FOUND,
      `the file root ${root} does not exist (HELIOS_FILE_ROOT, else HOME of the gateway)`,
      { cause },
    );
  }
}

/**
 * Opens what `path` names for a `GET`: a regular file (its handle, to be
 * streamed and closed by the caller) or a folder (its real path, to list).
 *
 * @throws {FilesError} BAD_PATH (leads outside the root), NOT_FOUND, NOT_REGULAR.
 */
export async function openForRead(root: string, path: FilePath): Promise<ReadTarget> {
  const rootReal = await realRoot(root);
  const real = await realInside(rootReal, join(rootReal, ...path.segments), path.text, 'read');
  const before = await lstat(real).catch((error) => {
    throw filesErrorFromSystem(error, path.text, 'read');
  });
  // Devices and FIFOs are refused before they are opened: opening one can block or act.
  if (!before.isFile() && !before.isDirectory()) throw notRegular(path.text);
  if (before.isFile() && path.folder) {
    throw new FilesError(ERROR_CODES.FILES_NOT_FOUND, `"${path.text}" is a file, not a folder`);
  }
  let handle: FileHandle;
  try {
    handle = await open(real, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
  } catch (error) {
    throw filesErrorFromSystem(error, path.text, 'read');
  }
  try {
    const opened = await handle.stat();
    await checkOpenedInside(rootReal, handle, opened, before, path.text);
    if (opened.isDirectory()) {
      await handle.close();
      return { kind: 'folder', realPath: real, root: rootReal };
    }
    return { kind: 'file', handle, size: opened.size, name: path.segments.at(-1) ?? '' };
  } catch (error) {
    await handle.close().catch(() => {});
    throw error;
  }
}

/** Where an upload is written, and what it becomes once complete. */
export interface UploadTarget {
  /** The hidden temporary file, opened `O_CREAT | O_EXCL | O_NOFOLLOW`. */
  readonly temp: { readonly path: string; readonly handle: FileHandle };
  /** The real folder the file lands in. */
  readonly folder: string;
  /** The file's final path. */
  readonly finalPath: string;
}

/**
 * Makes the upload target of `path`: creates missing parent folders inside
 * the root, refuses an existing file unless `overwrite` (and a folder always),
 * and opens a fresh hidden temporary file next to the target.
 *
 * @throws {FilesError} BAD_PATH, EXISTS, DISK_FULL, IO.
 */
export async function prepareUpload(root: string, path: FilePath, overwrite: boolean): Promise<UploadTarget> {
  const name = path.segments.at(-1);
  if (name === undefined || path.folder) {
    throw new FilesError(
      ERROR_CODES.FILES_BAD_PATH,
      `an upload names a file, not a folder: "${path.text}/" ends in "/"`,
    );
  }
  if (name.startsWith(UPLOAD_TEMP_PREFIX)) {
    throw new FilesError(
      ERROR_CODES.FILES_BAD_PATH,
      `"${name}": names starting with ${UPLOAD_TEMP_PREFIX} are kept for unfinished uploads`,
    );
  }
  const rootReal = await realRoot(root);
  let folder = rootReal;
  for (const [index, segment] of path.segments.slice(0, -1).entries()) {
    folder = await folderInside(rootReal, folder, segment, path.segments.slice(0, index + 1).join('/'));
  }
  const finalPath = join(folder, name);
  const existing = await lstat(finalPath).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return undefined;
    throw filesErrorFromSystem(error, path.text, 'write');
  });
  if (existing?.isSymbolicLink()) {
    // The name leads where the link points: outside the root (or nowhere) it is not ours to take.
    const real = await realpath(finalPath).catch(() => undefined);
    if (real === undefined || !isInsideRoot(rootReal, real)) throw outside(path.text);
  }
  if (existing?.isDirectory()) {
    throw new FilesError(ERROR_CODES.FILES_EXISTS, `"${path.text}" is a folder: a file cannot replace it`);
  }
  if (existing !== undefined && !overwrite) throw exists(path.text);
  const tempPath = join(folder, `${UPLOAD_TEMP_PREFIX}${randomBytes(8).toString('hex')}`);
  let handle: FileHandle;
  try {
    handle = await open(
      tempPath,
      constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW,
      0o666,
    );
  } catch (error) {
    throw filesErrorFromSystem(error, path.text, 'write');
  }
  const openedAt = await openedPath(handle);
  if (openedAt !== undefined && !isInsideRoot(rootReal, openedAt)) {
    await handle.close().catch(() => {});
    await unlinkQuietly(tempPath);
    throw outside(path.text);
  }
  return { temp: { path: tempPath, handle }, folder, finalPath };
}

/** The error for an upload target that exists. */
export function exists(text: string): FilesError {
  return new FilesError(
    ERROR_CODES.FILES_EXISTS,
    `"${text}" exists: add ?overwrite=1 to replace it, or upload under another name`,
  );
}

/** Removes a file, ignoring that it is already gone. */
export async function unlinkQuietly(path: string): Promise<void> {
  await unlink(path).catch(() => {});
}

/** `candidate`'s real path, refused unless inside the root. */
async function realInside(rootReal: string, candidate: string, text: string, doing: 'read' | 'write') {
  let real: string;
  try {
    real = await realpath(candidate);
  } catch (error) {
    throw filesErrorFromSystem(error, text, doing);
  }
  if (!isInsideRoot(rootReal, real)) throw outside(text);
  return real;
}

/** The real path of `parent/segment`, a folder inside the root, made when missing. */
async function folderInside(
  rootReal: string,
  parent: string,
  segment: string,
  text: string,
): Promise<string> {
  const candidate = join(parent, segment);
  let real: string;
  try {
    real = await realpath(candidate);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw filesErrorFromSystem(error, text, 'write');
    try {
      await mkdir(candidate);
    } catch (made) {
      // Made meanwhile by someone else is fine; a dangling link is not a folder.
      if ((made as NodeJS.ErrnoException).code !== 'EEXIST') throw filesErrorFromSystem(made, text, 'write');
    }
    real = await realpath(candidate).catch((cause) => {
      throw new FilesError(ERROR_CODES.FILES_BAD_PATH, `"${text}" is a symbolic link to nothing`, { cause });
    });
  }
  if (!isInsideRoot(rootReal, real)) throw outside(text);
  const found = await stat(real);
  if (!found.isDirectory()) {
    throw new FilesError(ERROR_CODES.FILES_EXISTS, `"${text}" is a file where a folder is needed`);
  }
  return real;
}

/** Refuses a descriptor that is not what was checked, or that the kernel says is outside the root. */
async function checkOpenedInside(
  rootReal: string,
  handle: FileHandle,
  opened: Stats,
  checked: Stats,
  text: string,
): Promise<void> {
  if (opened.dev !== checked.dev || opened.ino !== checked.ino) throw outside(text);
  if (!opened.isFile() && !opened.isDirectory()) throw notRegular(text);
  const at = await openedPath(handle);
  if (at !== undefined && !isInsideRoot(rootReal, at)) throw outside(text);
}

/** The path the kernel has for an open descriptor (Linux), `undefined` without /proc. */
async function openedPath(handle: FileHandle): Promise<string | undefined> {
  return readlink(`/proc/self/fd/${handle.fd}`).catch(() => undefined);
}

function outside(text: string): FilesError {
  return new FilesError(
    ERROR_CODES.FILES_BAD_PATH,
    `"${text}" leads outside the file root (through a symbolic link)`,
  );
}

function notRegular(text: string): FilesError {
  return new FilesError(
    ERROR_CODES.FILES_NOT_REGULAR,
    `"${text}" is not a regular file or folder (a FIFO, socket or device): it cannot be transferred`,
  );
}
