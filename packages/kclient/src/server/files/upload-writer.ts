import { once } from 'node:events';
import { link, lstat, rename } from 'node:fs/promises';
import type { IncomingMessage } from 'node:http';
import { ERROR_CODES } from '../errors.ts';
import { FilesError, filesErrorFromSystem } from './file-errors.ts';
import { exists, type UploadTarget, unlinkQuietly } from './file-root.ts';
import { noteUploadBytes } from './upload-garbage.ts';

/** The upload was cut off by the client before its body was complete. */
export class UploadAbortedError extends Error {
  constructor(cause?: unknown) {
    super('the client closed the upload before its body was complete', { cause });
    this.name = 'UploadAbortedError';
  }
}

/** What {@link writeUpload} needs besides the target. */
export interface UploadLimits {
  /** Largest body in bytes; one byte more cuts the upload off. */
  readonly maxBytes: number;
  /** Replace an existing file (`?overwrite=1`). */
  readonly overwrite: boolean;
  /** The path as the client named it, for messages. */
  readonly text: string;
}

/**
 * Streams a request body into the target's temporary file with backpressure
 * (the socket is read only as fast as the disk takes it), then moves it into
 * place. On any failure (too large, disk full, client gone) the temporary
 * file is removed and nothing is left behind. The request itself is never
 * destroyed here, so the caller can still answer it.
 *
 * @returns The number of bytes written.
 * @throws {FilesError} TOO_LARGE, DISK_FULL, EXISTS, IO; {@link UploadAbortedError}.
 */
export async function writeUpload(
  request: IncomingMessage,
  target: UploadTarget,
  limits: UploadLimits,
): Promise<number> {
  let bytes = 0;
  const sink = target.temp.handle.createWriteStream({ highWaterMark: 1024 * 1024 });
  // Kept until the loop looks: a disk-full error may come between two chunks.
  let sinkError: unknown;
  sink.on('error', (error) => {
    sinkError ??= error;
  });
  try {
    // A plain iterator stops reading without destroying the request when the loop throws,
    // so the caller can still answer it.
    for await (const chunk of request.iterator({ destroyOnReturn: false }) as AsyncIterable<Buffer>) {
      if (sinkError !== undefined) throw sinkError;
      bytes += chunk.length;
      noteUploadBytes(chunk.length);
      if (bytes > limits.maxBytes) throw tooLarge(limits.maxBytes, 'the body');
      // Backpressure: the socket is read no faster than the disk takes it.
      if (!sink.write(chunk)) await once(sink, 'drain');
    }
    if (!request.complete) throw new UploadAbortedError();
    await new Promise<void>((resolve, reject) =>
      sink.end((error?: Error | null) => (error ? reject(error) : resolve())),
    );
    if (sinkError !== undefined) throw sinkError;
    await commit(target, limits.overwrite, limits.text);
    return bytes;
  } catch (error) {
    sink.destroy();
    await target.temp.handle.close().catch(() => {});
    await unlinkQuietly(target.temp.path);
    if (error instanceof FilesError || error instanceof UploadAbortedError) throw error;
    const code = (error as NodeJS.ErrnoException | undefined)?.code;
    if (code === 'ECONNRESET' || code === 'ERR_STREAM_PREMATURE_CLOSE' || request.destroyed) {
      throw new UploadAbortedError(error);
    }
    throw filesErrorFromSystem(error, limits.text, 'write');
  }
}

/** The error for a body over the limit, with the limit in the unit FILE_TRANSFER_MAX_MB uses. */
export function tooLarge(maxBytes: number, what: string): FilesError {
  const mib = maxBytes / (1024 * 1024);
  return new FilesError(
    ERROR_CODES.FILES_TOO_LARGE,
    `${what} is larger than the upload limit of ${mib} MiB (FILE_TRANSFER_MAX_MB)`,
  );
}

/**
 * Moves the complete temporary file to its name. Without `overwrite` a hard
 * link makes the name appear only if it is still free (atomic, no check-then-
 * act race); file systems without hard links fall back to a check, then rename.
 */
async function commit(target: UploadTarget, overwrite: boolean, text: string): Promise<void> {
  if (overwrite) {
    await rename(target.temp.path, target.finalPath);
    return;
  }
  try {
    await link(target.temp.path, target.finalPath);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') throw exists(text);
    if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'EOPNOTSUPP' && code !== 'EMLINK') throw error;
    const taken = await lstat(target.finalPath).then(
      () => true,
      () => false,
    );
    if (taken) throw exists(text);
    await rename(target.temp.path, target.finalPath);
    return;
  }
  await unlinkQuietly(target.temp.path);
}
