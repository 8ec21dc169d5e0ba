import { PassThrough, Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { followOutput, plainSink, streamSink } from './output-sink.ts';

describe('followOutput', () => {
  it('prefixes every line and flushes the last one at the end', async () => {
    const source = new PassThrough();
    const written: string[] = [];
    followOutput(
      source,
      'init.d/a.sh',
      plainSink((text) => written.push(text)),
    );
    source.end('one\ntwo');
    await new Promise((resolve) => source.once('end', resolve));
    expect(written.join('')).toBe('[init.d/a.sh] one\n[init.d/a.sh] two\n');
  });

  it('stops reading while the log reader lags, and loses nothing once it caught up', async () => {
    const taken: string[] = [];
    let release: (() => void) | undefined;
    // A log reader that takes one chunk, then waits until the test releases it.
    const reader = new Writable({
      highWaterMark: 4,
      write(chunk, _encoding, callback) {
        taken.push(String(chunk));
        release = callback;
      },
    });
    const tick = () => new Promise((resolve) => setImmediate(resolve));
    const source = new PassThrough();
    followOutput(source, 'x', streamSink(reader));
    source.write('a\n');
    source.write('b\n');
    await tick();
    expect(source.isPaused()).toBe(true);
    expect(taken).toEqual(['[x] a\n']);
    release?.();
    await tick();
    expect(taken).toEqual(['[x] a\n', '[x] b\n']);
  });
});
