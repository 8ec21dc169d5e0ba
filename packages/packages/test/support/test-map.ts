import type { PackageMap } from '../../src/package-map.ts';
import { parsePackageMap } from '../../src/validate-package-map.ts';

/**
 * Builds a map for tests from compact data instead of YAML: `packages` as [group, name]
 * pairs (each pair its own item), `inherit` as group → parents.
 */
export function testMap(
  packages: readonly (readonly [string, string])[],
  inherit: Readonly<Record<string, readonly string[]>>,
): PackageMap {
  const items = packages.map(([group, name]) => `  - ${group}: ${name}`);
  const rules = Object.entries(inherit).map(([group, parents]) => `  ${group}: [${parents.join(', ')}]`);
  const text = `packages:\n${items.join('\n')}\ninherit:\n${rules.join('\n')}\n`;
  return parsePackageMap([{ file: 'map.yaml', text }]);
}
