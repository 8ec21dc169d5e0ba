import type { PackageList } from './flatten.ts';

/**
 * How a list file is written:
 * - `words`: names separated by single spaces on one line, as the KasmVNC-era images read them, ready
 *   for `apt-get install $(cat debian.list)`;
 * - `lines`: one name per line;
 * - `json`: a JSON array of names.
 */
export const listFormats = ['words', 'lines', 'json'] as const;

/** One of {@link listFormats}. */
export type ListFormat = (typeof listFormats)[number];

/**
 * The text of one list file. Every non-empty file ends with a newline; an empty list
 * gives an empty file (`[]` for json), so `$(cat …)` expands to nothing.
 *
 * @param format - @default 'words'
 */
export function formatPackageList(list: PackageList, format: ListFormat = 'words'): string {
  if (format === 'json') return `${JSON.stringify(list.packages)}\n`;
  if (list.packages.length === 0) return '';
  return `${list.packages.join(format === 'words' ? ' ' : '\n')}\n`;
}

/**
 * The file name of a list: `<group>.list` for words and lines, `<group>.json` for json.
 *
 * @param format - @default 'words'
 */
export function listFileName(group: string, format: ListFormat = 'words'): string {
  return `${group}.${format === 'json' ? 'json' : 'list'}`;
}
