import type { HeliosPackagesError } from './errors.ts';
import { problemsFromIssues } from './issue-to-problem.ts';
import { mapFileSchema } from './map-file-schema.ts';
import type { InheritRule, PackageMapping } from './package-map.ts';
import type { ParsedSource } from './parse-yaml-source.ts';

/** What one file contributes to the merged map. */
export interface MapFile {
  readonly file: string;
  readonly mappings: readonly PackageMapping[];
  readonly inherit: readonly InheritRule[];
}

/** One file checked against the format: its contribution, or every problem found in it. */
export type MapFileValidation =
  | { readonly ok: true; readonly file: MapFile }
  | { readonly ok: false; readonly problems: readonly HeliosPackagesError[] };

/**
 * Checks one parsed file against the format and, when it passes, turns it into located
 * mappings and inherit rules. An empty file contributes nothing rather than failing, so
 * a directory may hold a placeholder.
 */
export function validateMapFile(source: ParsedSource): MapFileValidation {
  const result = mapFileSchema.safeParse(source.value ?? {});
  if (!result.success) return { ok: false, problems: problemsFromIssues(source, result.error.issues) };

  const { locator } = source;
  const mappings: PackageMapping[] = [];
  const itemKeys = locator.locateItemKeys(['packages']);
  for (const [index, entry] of (result.data.packages ?? []).entries()) {
    const keys = itemKeys[index] ?? [];
    // Document order from the syntax tree; object order would put numeric keys first.
    const located =
      keys.length === Object.keys(entry).length && keys.every(({ key }) => Object.hasOwn(entry, key));
    const pairs = located
      ? keys.map(({ key, location }) => [key, location] as const)
      : Object.keys(entry).map((key) => [key, locator.locate(['packages', index, key], 'key')] as const);
    for (const [group, location] of pairs) {
      mappings.push(
        Object.freeze({ group, name: entry[group] as string, location: Object.freeze(location) }),
      );
    }
  }
  const inherit: InheritRule[] = [];
  for (const [group, listed] of Object.entries(result.data.inherit ?? {})) {
    const parents = (listed ?? []).map((parent, index) =>
      Object.freeze({ group: parent, location: Object.freeze(locator.locate(['inherit', group, index])) }),
    );
    const location = Object.freeze(locator.locate(['inherit', group], 'key'));
    inherit.push(Object.freeze({ group, parents: Object.freeze(parents), location }));
  }
  return { ok: true, file: { file: source.file, mappings, inherit } };
}
