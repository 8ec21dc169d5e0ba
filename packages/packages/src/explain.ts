import type { InheritParent, InheritRule, PackageMap, PackageMapping } from './package-map.ts';
import { selectLists } from './select-lists.ts';

/** One reason a package is in a list: a mapping, and the inherit entry that brought it in. */
export interface ListReason {
  /** The `group: name` pair that names the package. */
  readonly mapping: PackageMapping;
  /**
   * The inheritance path from the list to the mapping's group: `[list]` for the list's
   * own mapping, `[list, parent]` for one taken from a listed group.
   */
  readonly path: readonly string[];
  /** Where the parent is listed under the list's `inherit` entry; absent for own mappings. */
  readonly via: InheritParent | undefined;
}

/** Why a package is, or is not, in one list. */
export interface PackageExplanation {
  /** The list asked about. */
  readonly list: string;
  /** The package asked about. */
  readonly name: string;
  /** True when the list contains the package. */
  readonly found: boolean;
  /** Every mapping that puts the package in the list, in map order. */
  readonly reasons: readonly ListReason[];
  /** The list's inherit entry, which says which groups it takes mappings from. */
  readonly rule: InheritRule;
  /** Mappings of the same name for groups that do not feed this list (useful when `found` is false). */
  readonly elsewhere: readonly PackageMapping[];
}

/**
 * Explains which mappings put `name` into the list of `list`, and through which inherit
 * entry, or, when it is absent, where the name is mapped instead.
 *
 * @throws {UnknownListError} when `list` has no `inherit` entry.
 */
export function explainPackage(map: PackageMap, list: string, name: string): PackageExplanation {
  const [rule] = selectLists(map, [list]);
  if (rule === undefined) throw new Error('selectLists returned nothing for one requested list');
  const parents = new Map<string, InheritParent>();
  for (const parent of rule.parents) {
    if (parent.group !== list && !parents.has(parent.group)) parents.set(parent.group, parent);
  }
  const reasons: ListReason[] = [];
  const elsewhere: PackageMapping[] = [];
  for (const mapping of map.mappings) {
    if (mapping.name !== name) continue;
    const via = parents.get(mapping.group);
    if (mapping.group === list)
      reasons.push(Object.freeze({ mapping, path: Object.freeze([list]), via: undefined }));
    else if (via !== undefined)
      reasons.push(Object.freeze({ mapping, path: Object.freeze([list, via.group]), via }));
    else elsewhere.push(mapping);
  }
  return Object.freeze({
    list,
    name,
    found: reasons.length > 0,
    reasons: Object.freeze(reasons),
    rule,
    elsewhere: Object.freeze(elsewhere),
  });
}
