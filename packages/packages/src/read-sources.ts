import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { compareCodeUnits } from './code-unit-order.ts';
import { quote } from './describe-value.ts';
import { EmptyDirectoryError, ReadFailedError } from './errors.ts';
import type { SourceText } from './parse-yaml-source.ts';

const YAML_FILE = /\.ya?ml$/;

/**
 * Reads a package map from disk: a file, or every `*.yaml` and `*.yml` file directly in a
 * directory (not hidden ones, not subdirectories), in code-unit order of their names so
 * the merge, and every message, is the same on every machine.
 *
 * @throws {ReadFailedError} when the path or a file cannot be read.
 * @throws {EmptyDirectoryError} when a directory holds no YAML file.
 */
export async function readPackageMapSources(path: string): Promise<readonly SourceText[]> {
  const info = await stat(path).catch((error: unknown) => {
    throw readFailed(path, error);
  });
  if (!info.isDirectory()) return Object.freeze([await readSource(path)]);

  const entries = await readdir(path, { withFileTypes: true }).catch((error: unknown) => {
    throw readFailed(path, error);
  });
  const names = entries
    .filter((entry) => !entry.isDirectory() && !entry.name.startsWith('.') && YAML_FILE.test(entry.name))
    .map((entry) => entry.name)
    .sort(compareCodeUnits);
  if (names.length === 0) {
    throw new EmptyDirectoryError(`directory ${quote(path)} holds no package map file`, {
      expected: 'at least one *.yaml or *.yml file',
      received: entries.length === 0 ? 'an empty directory' : `${entries.length} other entries`,
    });
  }
  return Object.freeze(await Promise.all(names.map((name) => readSource(join(path, name)))));
}

async function readSource(file: string): Promise<SourceText> {
  try {
    return Object.freeze({ file, text: await readFile(file, 'utf8') });
  } catch (error) {
    throw readFailed(file, error);
  }
}

function readFailed(path: string, error: unknown): ReadFailedError {
  const reason = (error as NodeJS.ErrnoException).code ?? String(error);
  return new ReadFailedError(`cannot read package map ${quote(path)}`, {
    expected: 'a readable YAML file or a directory of them',
    received: reason,
    cause: error,
  });
}
