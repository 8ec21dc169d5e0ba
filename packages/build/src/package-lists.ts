import {
  flattenPackageMap,
  isHeliosPackagesError,
  loadPackageMap,
  type PackageList,
  writeLists,
} from '@helios/packages';
import { BuildError, ERROR_CODES } from './errors.ts';

async function familyList(mapPath: string, family: string): Promise<PackageList> {
  try {
    const [list] = flattenPackageMap(await loadPackageMap(mapPath), { groups: [family] });
    if (!list) throw new Error(`no list for ${family}`);
    return list;
  } catch (error) {
    if (isHeliosPackagesError(error)) {
      throw new BuildError(ERROR_CODES.PACKAGE_MAP, `${mapPath}: ${error.message}`, { cause: error });
    }
    throw error;
  }
}

/**
 * Flattens the package map at `mapPath` and writes `<dir>/<family>.list` (one
 * line, space-separated, sorted: byte-identical for an unchanged map, so the
 * Docker layer that installs it stays cached).
 * @throws {BuildError} `HELIOS_BUILD_PACKAGE_MAP` with the map's own error as cause.
 */
export async function writeFamilyList(mapPath: string, family: string, dir: string): Promise<void> {
  await writeLists([await familyList(mapPath, family)], dir);
}

/** The package names of `family` in the map at `mapPath`. */
export async function readFamilyList(mapPath: string, family: string): Promise<readonly string[]> {
  return (await familyList(mapPath, family)).packages;
}
