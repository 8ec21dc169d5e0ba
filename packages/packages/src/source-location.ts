/** Where something sits in a package map: a file and a 1-based line and column. */
export interface SourceLocation {
  /** The file as it was given (relative paths stay relative, so messages match what the user typed). */
  readonly file: string;
  /** 1-based line number. */
  readonly line: number;
  /** 1-based column, counted in UTF-16 code units like editors do for ASCII text. */
  readonly column: number;
}

/** Renders a location the way compilers and editors link it: `file:line:column`. */
export function formatLocation(location: SourceLocation): string {
  return `${location.file}:${location.line}:${location.column}`;
}
