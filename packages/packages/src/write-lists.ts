import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { quote } from './describe-value.ts';
import { WriteFailedError } from './errors.ts';
import type { PackageList } from './flatten.ts';
import { formatPackageList, type ListFormat, listFileName } from './format-list.ts';

/** Options of {@link writeLists}. */
export interface WriteListsOptions {
  /**
   * The file format.
   * @default 'words'
   */
  readonly format?: ListFormat | undefined;
}

/** One list file written by {@link writeLists}. */
export interface WrittenList {
  readonly group: string;
  /** The file's path (`<outDir>/<group>.list`, or `.json`). */
  readonly path: string;
  /** How many package names it holds. */
  readonly count: number;
}

/**
 * Writes one file per list into `outDir` (created if missing). Each file is written to a
 * temporary file in the same directory and renamed over the target, so a reader such as
 * a concurrent build step sees the old list or the new one, never half of one.
 *
 * @throws {WriteFailedError} when the directory or a file cannot be written.
 */
export async function writeLists(
  lists: readonly PackageList[],
  outDir: string,
  options: WriteListsOptions = {},
): Promise<readonly WrittenList[]> {
  const format = options.format ?? 'words';
  await mkdir(outDir, { recursive: true }).catch((error: unknown) => {
    throw writeFailed(outDir, error);
  });
  const written: WrittenList[] = [];
  // One after another: a handful of small files, and a failure then names the first one.
  for (const list of lists) {
    const path = join(outDir, listFileName(list.group, format));
    await writeAtomically(path, formatPackageList(list, format));
    written.push(Object.freeze({ group: list.group, path, count: list.packages.length }));
  }
  return Object.freeze(written);
}

// Unique per process and call; not node:crypto, whose import alone costs ~4 ms of start-up.
let writes = 0;

async function writeAtomically(path: string, text: string): Promise<void> {
  writes += 1;
  const temporary = `${path}.${process.pid}.${writes}.tmp`;
  try {
    await writeFile(temporary, text, { mode: 0o644 });
    await rename(temporary, path);
  } catch (error) {
    await rm(temporary, { force: true });
    throw writeFailed(path, error);
  }
}

function writeFailed(path: string, error: unknown): WriteFailedError {
  return new WriteFailedError(`cannot write ${quote(path)}`, {
    expected: 'a writable output directory',
    received: (error as NodeJS.ErrnoException).code ?? String(error),
    cause: error,
  });
}
