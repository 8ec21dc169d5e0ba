import type { FileHandle } from 'node:fs/promises';
import type { ServerResponse } from 'node:http';
import { BufferPool } from '../read-buffers.ts';

/**
 * Buffers downloads are read into, shared by every download of the process:
 * a buffer goes back once the socket has written it. A fresh buffer per read
 * (what a read stream does) piles up as garbage until V8 counts enough of it
 * to collect, tens of MiB on a fast link.
 */
const DOWNLOAD_BUFFERS = new BufferPool(1 << 20, 8 << 20);

/** Reads ahead of the socket by at most this many buffers. */
const IN_FLIGHT = 2;

/**
 * Writes `size` bytes of an open file to a response whose headers are set,
 * one pooled buffer at a time with backpressure (the next read waits while
 * {@link IN_FLIGHT} buffers are still being written), then ends it. Stops
 * when the client goes away, or early when the file shrank meanwhile.
 *
 * @returns Bytes handed to the socket, and whether the response finished.
 */
export async function sendFileBody(
  handle: FileHandle,
  size: number,
  response: ServerResponse,
): Promise<{ readonly bytes: number; readonly finished: boolean }> {
  const closed = new Promise<void>((resolve) => response.once('close', resolve));
  const writes: Promise<void>[] = [];
  let position = 0;
  while (position < size && !response.destroyed) {
    if (writes.length >= IN_FLIGHT) await Promise.race([writes.shift(), closed]);
    const buffer = DOWNLOAD_BUFFERS.get();
    const { bytesRead } = await handle.read(buffer, 0, Math.min(buffer.length, size - position), position);
    if (bytesRead === 0 || response.destroyed) {
      DOWNLOAD_BUFFERS.put(buffer);
      break;
    }
    position += bytesRead;
    writes.push(
      new Promise((resolve) => {
        response.write(buffer.subarray(0, bytesRead), (error) => {
          // A failed write may still hold the buffer: leave it to the GC.
          if (error === null || error === undefined) DOWNLOAD_BUFFERS.put(buffer);
          resolve();
        });
      }),
    );
  }
  await Promise.race([Promise.all(writes), closed]);
  if (response.destroyed) return { bytes: position, finished: false };
  await Promise.race([new Promise<void>((resolve) => response.end(resolve)), closed]);
  return { bytes: position, finished: position === size && response.writableFinished };
}
