import { type HeliosPackagesError, InvalidPackageMapError, isHeliosPackagesError } from './errors.ts';
import { mergeMapFiles } from './merge-map-files.ts';
import type { PackageMap } from './package-map.ts';
import { parseYamlSource, type SourceText } from './parse-yaml-source.ts';
import { type MapFile, validateMapFile } from './validate-map-file.ts';

/** A whole map checked: the map, or every problem found, ordered by file and position. */
export type PackageMapValidation =
  | { readonly ok: true; readonly map: PackageMap; readonly problems: readonly [] }
  | { readonly ok: false; readonly map: undefined; readonly problems: readonly HeliosPackagesError[] };

/**
 * Parses and validates the files of one map (one file, or every file of a directory in
 * the order given) and collects every problem instead of stopping at the first, so one
 * run of `check` shows them all. Never throws for bad input.
 */
export function validatePackageMap(sources: readonly SourceText[]): PackageMapValidation {
  const problems: HeliosPackagesError[] = [];
  const files: MapFile[] = [];
  const claimed: string[] = [];
  let unreadable = false;
  for (const source of sources) {
    try {
      const checked = validateMapFile(parseYamlSource(source));
      files.push(checked.file);
      if (!checked.ok) {
        problems.push(...checked.problems);
        claimed.push(...checked.claimedGroups);
      }
    } catch (error) {
      if (!isHeliosPackagesError(error)) throw error;
      problems.push(error);
      unreadable = true;
    }
  }
  // The checks across files run on the parts that passed, counting every group a
  // broken file names as defined. A file that is not even YAML could define any group,
  // so with one of those they would blame files that are fine, and wait.
  if (!unreadable) {
    const merged = mergeMapFiles(files, claimed);
    if (merged.ok && problems.length === 0) {
      return Object.freeze({ ok: true, map: merged.map, problems: [] as const });
    }
    if (!merged.ok) problems.push(...merged.problems);
  }
  return Object.freeze({
    ok: false,
    map: undefined,
    problems: Object.freeze(sortProblems(problems, sources)),
  });
}

/**
 * Parses and validates a map, throwing when it has problems.
 *
 * @param label - how to name the map in the error message
 * @default label the first file's name
 * @throws {InvalidPackageMapError} listing every problem.
 */
export function parsePackageMap(sources: readonly SourceText[], label?: string): PackageMap {
  const result = validatePackageMap(sources);
  if (result.ok) return result.map;
  throw new InvalidPackageMapError(label ?? sources[0]?.file ?? '(no files)', result.problems);
}

function sortProblems(
  problems: HeliosPackagesError[],
  sources: readonly SourceText[],
): HeliosPackagesError[] {
  const order = new Map(sources.map((source, index) => [source.file, index]));
  const rank = (problem: HeliosPackagesError) => order.get(problem.location?.file ?? '') ?? sources.length;
  return problems.sort(
    (a, b) =>
      rank(a) - rank(b) ||
      (a.location?.line ?? 0) - (b.location?.line ?? 0) ||
      (a.location?.column ?? 0) - (b.location?.column ?? 0),
  );
}
