import type { PackageMap } from './package-map.ts';
import { readPackageMapSources } from './read-sources.ts';
import { parsePackageMap } from './validate-package-map.ts';

/**
 * Reads and validates the package map at `path` (a file, or a directory of files).
 *
 * @throws {InvalidPackageMapError} listing every problem, each with file, line and column.
 * @throws {ReadFailedError} when the path cannot be read.
 * @throws {EmptyDirectoryError} when a directory holds no YAML file.
 */
export async function loadPackageMap(path: string): Promise<PackageMap> {
  return parsePackageMap(await readPackageMapSources(path), path);
}
