/**
 * Name a dropped or picked file gets on the desktop. A browser hands over
 * the base name only, but a Linux name may hold `\` (refused by the gateway
 * as a path trick), and control characters help nobody: both become `_`.
 * `.` and `..` name folders, not files.
 */
export function uploadName(name: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is replaced
  const cleaned = name.replace(/[/\\\u0000-\u001f\u007f]/g, '_');
  if (cleaned === '' || cleaned === '.' || cleaned === '..') return `_${cleaned}`;
  return cleaned;
}

/** Double extensions kept whole, so `backup.tar.gz` becomes `backup (1).tar.gz`. */
const DOUBLE_EXTENSIONS = /\.tar\.[^.]+$/i;

/**
 * The `n`-th alternative to `name` when it is taken: `report (1).pdf`,
 * `report (2).pdf`…; the number goes before the extension. A leading dot
 * (`.bashrc`) is not an extension.
 */
export function numberedName(name: string, n: number): string {
  if (n === 0) return name;
  const double = DOUBLE_EXTENSIONS.exec(name);
  const dot = double !== null && double.index > 0 ? double.index : name.lastIndexOf('.');
  const split = dot > 0 ? dot : name.length;
  return `${name.slice(0, split)} (${n})${name.slice(split)}`;
}

/** `name`, or the first {@link numberedName} not in `taken` (a folder's listing). */
export function freeName(name: string, taken: ReadonlySet<string>): string {
  for (let n = 0; ; n++) {
    const candidate = numberedName(name, n);
    if (!taken.has(candidate)) return candidate;
  }
}
