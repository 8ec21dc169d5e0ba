import type * as z from 'zod/mini';
import type { HeliosPackagesError } from './errors.ts';
import { problemsFromIssues } from './issue-to-problem.ts';
import { type MapFileIssue, mapFileSchema } from './map-file-schema.ts';
import type { InheritRule, PackageMapping } from './package-map.ts';
import type { ParsedSource } from './parse-yaml-source.ts';

/** What one file contributes to the merged map. */
export interface MapFile {
  readonly file: string;
  readonly mappings: readonly PackageMapping[];
  readonly inherit: readonly InheritRule[];
}

/**
 * One file checked against the format: its contribution, or every problem found in it
 * with the parts that passed (`file`) and every group name it uses as a key
 * (`claimedGroups`), so the checks across files can still run without blaming
 * other files for a group this one meant to define.
 */
export type MapFileValidation =
  | { readonly ok: true; readonly file: MapFile }
  | {
      readonly ok: false;
      readonly problems: readonly HeliosPackagesError[];
      readonly file: MapFile;
      readonly claimedGroups: readonly string[];
    };

/**
 * Checks one parsed file against the format and, when it passes, turns it into located
 * mappings and inherit rules. An empty file contributes nothing rather than failing, so
 * a directory may hold a placeholder.
 */
export function validateMapFile(source: ParsedSource): MapFileValidation {
  const result = mapFileSchema.safeParse(source.value ?? {});
  if (result.success) return { ok: true, file: contribution(source, result.data) };
  const { issues } = result.error;
  return {
    ok: false,
    problems: problemsFromIssues(source, issues),
    file: contribution(source, passingParts(source.value, issues)),
    claimedGroups: claimedGroups(source.value),
  };
}

type MapFileContent = z.infer<typeof mapFileSchema>;

/** The mappings and inherit entries of `content`, located in the file. */
function contribution(source: ParsedSource, content: MapFileContent): MapFile {
  const { locator } = source;
  const mappings: PackageMapping[] = [];
  const itemKeys = locator.locateItemKeys(['packages']);
  for (const [index, entry] of (content.packages ?? []).entries()) {
    if (entry === undefined) continue;
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
  for (const [group, listed] of Object.entries(content.inherit ?? {})) {
    const parents = (listed ?? []).map((parent, index) =>
      Object.freeze({ group: parent, location: Object.freeze(locator.locate(['inherit', group, index])) }),
    );
    const location = Object.freeze(locator.locate(['inherit', group], 'key'));
    inherit.push(Object.freeze({ group, parents: Object.freeze(parents), location }));
  }
  return { file: source.file, mappings, inherit };
}

/**
 * The entries of a file that failed the format which no issue touches: a package entry
 * or an inherit entry with no issue under its path passed on its own. A sparse array
 * keeps each package entry at its index, so locations stay right.
 */
function passingParts(value: unknown, issues: readonly MapFileIssue[]): MapFileContent {
  const touched = (section: string) =>
    new Set(issues.filter((issue) => issue.path[0] === section).map((issue) => String(issue.path[1])));
  const raw = isRecord(value) ? value : {};
  const packages: MapFileContent['packages'] = [];
  const badPackages = touched('packages');
  if (Array.isArray(raw.packages) && !badPackages.has('undefined')) {
    raw.packages.forEach((entry, index) => {
      if (!badPackages.has(String(index))) packages[index] = entry as Record<string, string>;
    });
  }
  const inherit: Record<string, string[] | null | undefined> = {};
  const badInherit = touched('inherit');
  if (isRecord(raw.inherit) && !badInherit.has('undefined')) {
    for (const [group, parents] of Object.entries(raw.inherit)) {
      if (!badInherit.has(group)) inherit[group] = parents as string[] | null | undefined;
    }
  }
  return { packages, inherit };
}

/** Every key of a package entry or of `inherit`: the groups a file means to define. */
function claimedGroups(value: unknown): string[] {
  if (!isRecord(value)) return [];
  const entries = Array.isArray(value.packages) ? value.packages.filter(isRecord) : [];
  return [
    ...entries.flatMap((entry) => Object.keys(entry)),
    ...Object.keys(isRecord(value.inherit) ? value.inherit : {}),
  ];
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
