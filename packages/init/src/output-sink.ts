import type { Readable } from 'node:stream';
import { LinePrefixer } from './line-prefixer.ts';
import type { Write } from './logger.ts';

/**
 * Where hook and service output goes, and whether its reader keeps up.
 * Node writes to a pipe (Docker's stdout) asynchronously and buffers what
 * the reader has not taken yet, so a flood would grow PID 1's memory
 * without bound unless the sources wait.
 */
export interface OutputSink {
  readonly write: Write;
  /** True while the reader lags behind: sources stop reading until {@link OutputSink.whenDrained}. */
  congested(): boolean;
  /** Calls `callback` once, when the reader has caught up. */
  whenDrained(callback: () => void): void;
}

/** A sink on a writable stream such as `process.stdout`, congested while the stream needs a drain. */
export function streamSink(
  stream: NodeJS.WritableStream & { readonly writableNeedDrain: boolean },
): OutputSink {
  // One drain listener for every waiting source: services and hooks can be many.
  const waiting = new Set<() => void>();
  stream.on('drain', () => {
    const callbacks = [...waiting];
    waiting.clear();
    for (const callback of callbacks) callback();
  });
  return {
    write: (text) => void stream.write(text),
    congested: () => stream.writableNeedDrain,
    whenDrained: (callback) => void waiting.add(callback),
  };
}

/** A sink on a plain function, never congested (an embedder's own `write`). */
export function plainSink(write: Write): OutputSink {
  return { write, congested: () => false, whenDrained: (callback) => callback() };
}

/**
 * Copies `source` into `sink` line by line, each prefixed with `[name]`,
 * and pauses reading while the sink is congested. The writer then blocks on
 * its full pipe, as it would on a slow terminal: its output slows down to
 * what the log can take, and no line is lost.
 */
export function followOutput(source: Readable, name: string, sink: OutputSink): void {
  const prefixer = new LinePrefixer(name);
  source.setEncoding('utf8');
  source.on('data', (chunk: string) => {
    const lines = prefixer.push(chunk);
    if (lines) sink.write(lines);
    if (sink.congested()) {
      source.pause();
      sink.whenDrained(() => source.resume());
    }
  });
  source.on('end', () => {
    const rest = prefixer.flush();
    if (rest) sink.write(rest);
  });
}
