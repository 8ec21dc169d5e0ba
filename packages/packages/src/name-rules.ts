/**
 * Characters a package name may contain. The lists are word-split into apt-get, dnf and
 * apk command lines, so nothing the shell splits on, expands or interprets may pass:
 * no whitespace, quotes, `$`, backquote, `;&|<>()`, globs `*?[]`, braces, `!`, `#`, `\`.
 * What remains covers Debian, RPM and Alpine names plus version pins (`name=1.2`),
 * architectures (`name:amd64`), releases (`name/bookworm`), repository tags (`name@edge`)
 * and URLs or paths to package files (`https://…/x.rpm`), which dnf and apt accept.
 */
const PACKAGE_CHARACTER = /[A-Za-z0-9._+:=@~%/-]/;

/**
 * A valid package name. The first character may not be `-` (the package manager would
 * read an option) nor `~`, `=`, `+`, `:`, `@` or `%` (tilde expansion, or not a name at all).
 */
export const PACKAGE_NAME_PATTERN: RegExp = /^[A-Za-z0-9._/][A-Za-z0-9._+:=@~%/-]*$/;

/**
 * A valid group name. Groups name the `<group>.list` files, so no path separators and no
 * leading dot (no hidden files, no `..`).
 */
export const GROUP_NAME_PATTERN: RegExp = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

/** What a package name must look like, for messages. */
export const PACKAGE_NAME_EXPECTED =
  'letters, digits and . _ + : = @ ~ % / - only, not starting with - ~ = + : @ %';

/** What a group name must look like, for messages. */
export const GROUP_NAME_EXPECTED = 'letters, digits and . _ - only, starting with a letter or digit';

/** Says what is wrong with a package name that fails {@link PACKAGE_NAME_PATTERN}. */
export function whyUnsafePackageName(name: string): string {
  const first = name[0] ?? '';
  if (first === '-') return 'a leading "-" is read as an option';
  if (!/[A-Za-z0-9._/]/.test(first)) return `it starts with ${describeCharacter(first)}`;
  for (const [index, char] of [...name].entries()) {
    if (!PACKAGE_CHARACTER.test(char)) {
      return `the shell splits or expands ${describeCharacter(char)} (character ${index + 1})`;
    }
  }
  return 'it is not a package name';
}

/** Says what is wrong with a group name that fails {@link GROUP_NAME_PATTERN}. */
export function whyInvalidGroupName(name: string): string {
  if (!/[A-Za-z0-9]/.test(name[0] ?? '')) return `it starts with ${describeCharacter(name[0] ?? '')}`;
  for (const [index, char] of [...name].entries()) {
    if (!/[A-Za-z0-9._-]/.test(char)) return `${describeCharacter(char)} at character ${index + 1}`;
  }
  return 'it cannot name a list file';
}

function describeCharacter(char: string): string {
  if (char === ' ') return 'a space';
  if (char === '\t') return 'a tab';
  if (char === '\n' || char === '\r') return 'a line break';
  if (/\s/.test(char)) return 'whitespace';
  return `"${char}"`;
}
