import { describe, expect, it } from 'vitest';
import { ConfigError } from '../errors.ts';
import { collectCliArgs, parseCliArgs } from './cli-args.ts';

describe('collectCliArgs', () => {
  it('maps flags to options', () => {
    expect(collectCliArgs(['--vnc', 'tcp:h:1', '--tls-dir=/tls', '--view-only'])).toEqual({
      command: { kind: 'run', options: { vnc: 'tcp:h:1', tlsDir: '/tls', viewOnly: 'true' } },
      problems: [],
    });
  });

  it('lists every problem on the command line, not only the first', () => {
    expect(collectCliArgs(['--bogus', '--vnc', '--port', '1', 'extra', '--view-only=yes']).problems).toEqual([
      'command line: unknown flag --bogus (see --help)',
      'command line: --vnc needs a value, received the flag-like "--port" (write --vnc=--port if meant) (see --help)',
      'command line: unexpected argument "1" (expected only --flags, see --help)',
      'command line: unexpected argument "extra" (expected only --flags, see --help)',
      'command line: --view-only takes no value, received "yes" (see --help)',
    ]);
  });

  it('answers --help even next to bad flags', () => {
    expect(collectCliArgs(['--bogus', '-h']).command).toEqual({ kind: 'help' });
  });
});

describe('parseCliArgs', () => {
  it('throws one ConfigError listing every problem', () => {
    expect(() => parseCliArgs(['--bogus', '--port'])).toThrow(
      new ConfigError([
        'command line: unknown flag --bogus (see --help)',
        'command line: --port needs a value (see --help)',
      ]),
    );
  });
});
