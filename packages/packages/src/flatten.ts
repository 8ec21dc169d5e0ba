import { compareCodeUnits } from './code-unit-order.ts';
import type { PackageMap } from './package-map.ts';
import { selectLists } from './select-lists.ts';

/** The flattened list of one group: what one `<group>.list` file holds. */
export interface PackageList {
  /** The group, which names the list. */
  readonly group: string;
  /** Distinct package names in code-unit order (`LC_ALL=C sort`), so output is byte-stable. */
  readonly packages: readonly string[];
}

/** Options of {@link flattenPackageMap}. */
export interface FlattenOptions {
  /**
   * Only these lists (groups under `inherit`).
   * @default every group under `inherit`
   */
  readonly groups?: readonly string[] | undefined;
}

/**
 * Flattens a map into one list per group under `inherit`: the group's own mappings plus
 * the own mappings of each group listed under it, one level deep, not transitive (as in
 * the KasmVNC-era Helios flattening; `selkies-rhel` listing `selkies` must not receive what `selkies`
 * takes from `selkies-debian`). A group may list itself; a group without packages gives
 * an empty list. Duplicates are dropped and names sorted, so the same map always gives
 * byte-identical lists. Time is linear in the map plus one sort per list.
 *
 * @throws {UnknownListError} when `options.groups` names a group with no `inherit` entry.
 */
export function flattenPackageMap(map: PackageMap, options: FlattenOptions = {}): readonly PackageList[] {
  const rules = selectLists(map, options.groups);
  const own = new Map<string, string[]>();
  for (const { group, name } of map.mappings) {
    const names = own.get(group);
    if (names === undefined) own.set(group, [name]);
    else names.push(name);
  }
  const lists = rules.map((rule) => {
    const names = new Set(own.get(rule.group));
    for (const parent of rule.parents) {
      if (parent.group === rule.group) continue;
      for (const name of own.get(parent.group) ?? []) names.add(name);
    }
    return Object.freeze({ group: rule.group, packages: Object.freeze([...names].sort(compareCodeUnits)) });
  });
  return Object.freeze(lists);
}
