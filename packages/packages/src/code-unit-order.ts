/**
 * Compares strings by UTF-16 code unit: the same on every machine and locale (unlike
 * `localeCompare`), and the order of `LC_ALL=C sort` for the ASCII names of a map.
 */
export function compareCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
