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

/**
 * Turns character offsets into line and column. The line starts are found once per
 * file; each lookup is then a binary search, so locating every mapping of a large map
 * stays linear in practice.
 */
export class LineIndex {
  readonly #file: string;
  readonly #lineStarts: number[];

  constructor(file: string, text: string) {
    this.#file = file;
    this.#lineStarts = [0];
    for (let at = text.indexOf('\n'); at !== -1; at = text.indexOf('\n', at + 1)) {
      this.#lineStarts.push(at + 1);
    }
  }

  /** The location of a 0-based character offset. */
  locate(offset: number): SourceLocation {
    let low = 0;
    let high = this.#lineStarts.length - 1;
    while (low < high) {
      const middle = (low + high + 1) >>> 1;
      if ((this.#lineStarts[middle] ?? 0) <= offset) low = middle;
      else high = middle - 1;
    }
    return { file: this.#file, line: low + 1, column: offset - (this.#lineStarts[low] ?? 0) + 1 };
  }
}
