import type { PackageExplanation } from '../explain.ts';
import type { PackageList } from '../flatten.ts';
import type { PackageMap } from '../package-map.ts';
import { formatLocation } from '../source-location.ts';
import type { WrittenList } from '../write-lists.ts';

/** What `flatten` prints: one line per file written. */
export function renderWritten(written: readonly WrittenList[]): string {
  return written.map((file) => `wrote ${file.path} (${plural(file.count, 'package')})\n`).join('');
}

/** What `check` prints for a valid map. */
export function renderCheck(source: string, map: PackageMap, lists: readonly PackageList[]): string {
  const summary = `${source}: ok, ${plural(map.mappings.length, 'mapping')} in ${plural(map.files.length, 'file')}, ${plural(lists.length, 'list')}`;
  const details = lists.map((list) => `  ${list.group}: ${plural(list.packages.length, 'package')}\n`);
  return `${summary}\n${details.join('')}`;
}

/** What `explain` prints: each mapping that puts the package in the list, and how. */
export function renderExplanation(explanation: PackageExplanation): string {
  const { list, name, reasons, rule } = explanation;
  const lines = [`${name} is in the ${list} list through ${plural(reasons.length, 'mapping')}:`];
  for (const reason of reasons) {
    const mapping = `${reason.mapping.group}: ${reason.mapping.name} at ${formatLocation(reason.mapping.location)}`;
    lines.push(
      reason.via === undefined
        ? `  ${mapping}, the list's own mapping`
        : `  ${mapping}, via ${reason.path.join(' -> ')} (listed at ${formatLocation(reason.via.location)})`,
    );
  }
  lines.push(
    `  ${list} takes from: ${takesFrom(
      rule.group,
      rule.parents.map((parent) => parent.group),
    )}`,
  );
  return `${lines.join('\n')}\n`;
}

/** Why a package is missing from a list, for the error message. */
export function renderAbsence(explanation: PackageExplanation): string {
  const { list, name, rule, elsewhere } = explanation;
  const parents = takesFrom(
    rule.group,
    rule.parents.map((parent) => parent.group),
  );
  const mapped = elsewhere.map((mapping) => `${mapping.group} at ${formatLocation(mapping.location)}`);
  const where = mapped.length === 0 ? 'it is mapped for no group' : `it is mapped for ${mapped.join(', ')}`;
  return `${name} is not in the ${list} list: ${where}; ${list} takes from ${parents} (one level deep: what those groups list is not included)`;
}

function takesFrom(group: string, parents: readonly string[]): string {
  return [...new Set([group, ...parents])].join(', ');
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}
