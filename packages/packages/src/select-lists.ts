import { didYouMean } from './closest-name.ts';
import { compareCodeUnits } from './code-unit-order.ts';
import { quote } from './describe-value.ts';
import { UnknownListError } from './errors.ts';
import type { InheritRule, PackageMap } from './package-map.ts';

/**
 * The inherit rules for the requested lists, sorted by group; every list when `groups` is
 * not given. Only groups under `inherit` produce a list.
 *
 * @throws {UnknownListError} when a requested group has no `inherit` entry.
 */
export function selectLists(map: PackageMap, groups?: readonly string[]): readonly InheritRule[] {
  const rules = new Map(map.inherit.map((rule) => [rule.group, rule]));
  const wanted = groups === undefined ? [...rules.keys()] : [...new Set(groups)];
  return wanted.sort(compareCodeUnits).map((group) => {
    const rule = rules.get(group);
    if (rule !== undefined) return rule;
    const known = [...rules.keys()].sort(compareCodeUnits);
    throw new UnknownListError(`no list named ${quote(group)}${didYouMean(group, known)}`, {
      expected: `one of the groups under inherit (${known.join(', ') || 'none'})`,
      received: quote(group),
    });
  });
}
