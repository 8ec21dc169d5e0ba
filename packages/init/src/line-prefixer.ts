/** Longest line kept in the buffer; longer output is cut so a service cannot grow PID 1's memory. */
export const MAX_LINE = 16 * 1024;

/**
 * Splits a byte stream into lines and prefixes each with a service name, so
 * interleaved output of many services stays readable in `docker logs`.
 */
export class LinePrefixer {
  readonly #prefix: string;
  #partial = '';

  constructor(name: string) {
    this.#prefix = `[${name}] `;
  }

  /** Feeds a chunk; returns the complete, prefixed lines it finished (each ending in `\n`). */
  push(chunk: string): string {
    const text = this.#partial + chunk;
    const lines = text.split('\n');
    this.#partial = lines.pop() ?? '';
    if (this.#partial.length > MAX_LINE) {
      lines.push(this.#partial);
      this.#partial = '';
    }
    return lines.map((line) => `${this.#prefix}${line.replace(/\r$/, '')}\n`).join('');
  }

  /** Returns the unfinished last line, if any, once the stream ended. */
  flush(): string {
    const rest = this.#partial;
    this.#partial = '';
    return rest === '' ? '' : `${this.#prefix}${rest}\n`;
  }
}
