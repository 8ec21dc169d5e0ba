/** Longest line kept; the rest of a longer line is dropped so a flood cannot grow PID 1's memory or the log. */
export const MAX_LINE = 16 * 1024;

/**
 * Splits a byte stream into lines and prefixes each with a service name, so
 * interleaved output of many services stays readable in `docker logs`. A
 * line longer than {@link MAX_LINE} characters is cut there with a marker;
 * once it ends, one more line says how much of it was dropped.
 */
export class LinePrefixer {
  readonly #prefix: string;
  #partial = '';
  /** Characters dropped from the current, already cut line; -1 while not cutting. */
  #dropped = -1;

  constructor(name: string) {
    this.#prefix = `[${name}] `;
  }

  /** Feeds a chunk; returns the complete, prefixed lines it finished (each ending in `\n`). */
  push(chunk: string): string {
    let out = '';
    let text = chunk;
    if (this.#dropped >= 0) {
      const end = text.indexOf('\n');
      if (end < 0) {
        this.#dropped += text.length;
        return '';
      }
      out += this.#droppedNote(this.#dropped + end);
      this.#dropped = -1;
      text = text.slice(end + 1);
    }
    const lines = (this.#partial + text).split('\n');
    this.#partial = lines.pop() ?? '';
    out += lines.map((line) => this.#line(line)).join('');
    if (this.#partial.length > MAX_LINE) out += this.#cut();
    return out;
  }

  /** Returns the unfinished last line, if any, once the stream ended. */
  flush(): string {
    if (this.#dropped >= 0) {
      const note = this.#droppedNote(this.#dropped);
      this.#dropped = -1;
      return note;
    }
    const rest = this.#partial;
    this.#partial = '';
    return rest === '' ? '' : `${this.#prefix}${rest}\n`;
  }

  #line(line: string): string {
    if (line.length <= MAX_LINE) return `${this.#prefix}${line.replace(/\r$/, '')}\n`;
    return `${this.#prefix}${headOf(line)} [cut: line longer than ${MAX_LINE} characters]\n${this.#droppedNote(line.length - headOf(line).length)}`;
  }

  /** Emits the head of the overlong partial line and drops the rest until its end. */
  #cut(): string {
    const head = headOf(this.#partial);
    this.#dropped = this.#partial.length - head.length;
    this.#partial = '';
    return `${this.#prefix}${head} [cut: line longer than ${MAX_LINE} characters]\n`;
  }

  #droppedNote(count: number): string {
    return `${this.#prefix}[${count} more characters of that line dropped]\n`;
  }
}

/** The first {@link MAX_LINE} characters, without splitting a surrogate pair. */
function headOf(line: string): string {
  const code = line.charCodeAt(MAX_LINE - 1);
  const end = code >= 0xd800 && code <= 0xdbff ? MAX_LINE - 1 : MAX_LINE;
  return line.slice(0, end);
}
