import { readFileSync } from 'node:fs';

/**
 * Reads the tables a package README documents, so each package's tests can
 * keep its error and exit-code tables equal to the code (a new code without
 * documentation fails the suite).
 */
export class ReadmeTables {
  readonly #text: string;

  /** @param readme The README, e.g. `new URL('../README.md', import.meta.url)`. */
  constructor(readme: URL) {
    this.#text = readFileSync(readme, 'utf8');
  }

  /** The text under the `## heading` section, or the whole README when `heading` is undefined. */
  section(heading?: string): string {
    if (heading === undefined) return this.#text;
    const body = this.#text.split(`\n## ${heading}\n`)[1];
    if (body === undefined) throw new Error(`the README has no "## ${heading}" section`);
    return body.split('\n## ')[0] ?? '';
  }

  /** Codes starting with `prefix` in the first column of a table (`| \`HELIOS_X_Y\` |`), sorted. */
  errorCodes(prefix: string, heading?: string): string[] {
    const row = new RegExp(`^\\| \`(${prefix}[A-Z_]+)\` +\\|`, 'gm');
    return [...this.section(heading).matchAll(row)].map((match) => match[1] ?? '').sort();
  }

  /** Numbers in the first column of the tables in `## heading`, in order. */
  exitCodes(heading: string): number[] {
    return [...this.section(heading).matchAll(/^\| ([0-9]+) +\|/gm)].map((match) => Number(match[1]));
  }
}
