import { didYouMean } from './closest-name.ts';
import { quote } from './describe-value.ts';
import { DuplicateKeyError, type HeliosPackagesError, UnknownGroupError } from './errors.ts';
import type { InheritRule, PackageMap, PackageMapping } from './package-map.ts';
import { formatLocation } from './source-location.ts';
import type { MapFile } from './validate-map-file.ts';

/** The merged map, or the problems that only show once all files are seen together. */
export type MergeResult =
  | { readonly ok: true; readonly map: PackageMap }
  | { readonly ok: false; readonly problems: readonly HeliosPackagesError[] };

/**
 * Merges the files of a map in the given order: mappings are concatenated, `inherit`
 * entries are combined. One group with `inherit` entries in two files is an error (which
 * one would win is not obvious), and so is a listed group that is defined nowhere: the
 * KasmVNC-era flattening silently contributed nothing for such a typo. `alsoDefined`
 * are groups a file that failed the format names: they count as defined, so only real
 * typos are reported.
 */
export function mergeMapFiles(files: readonly MapFile[], alsoDefined: readonly string[] = []): MergeResult {
  const mappings: PackageMapping[] = files.flatMap((file) => file.mappings);
  const rules = new Map<string, InheritRule>();
  const problems: HeliosPackagesError[] = [];
  for (const rule of files.flatMap((file) => file.inherit)) {
    const first = rules.get(rule.group);
    if (first === undefined) {
      rules.set(rule.group, rule);
      continue;
    }
    problems.push(
      new DuplicateKeyError(
        `group ${quote(rule.group)} has a second inherit entry (first at ${formatLocation(first.location)})`,
        { location: rule.location, expected: 'one inherit entry per group', received: 'two' },
      ),
    );
  }

  // A group is defined by having mappings or an inherit entry of its own.
  const defined = new Set<string>([...rules.keys(), ...alsoDefined]);
  for (const mapping of mappings) defined.add(mapping.group);
  const candidates = [...defined].sort();
  for (const rule of rules.values()) {
    for (const parent of rule.parents) {
      if (defined.has(parent.group)) continue;
      problems.push(
        new UnknownGroupError(
          `inherit entry ${quote(rule.group)} lists ${quote(parent.group)}, which is defined nowhere${didYouMean(parent.group, candidates)}`,
          {
            location: parent.location,
            expected: 'a group that has packages or an inherit entry of its own',
            received: quote(parent.group),
          },
        ),
      );
    }
  }
  if (problems.length > 0) return { ok: false, problems };
  return {
    ok: true,
    map: Object.freeze({
      files: Object.freeze(files.map((file) => file.file)),
      mappings: Object.freeze(mappings),
      inherit: Object.freeze([...rules.values()]),
    }),
  };
}
