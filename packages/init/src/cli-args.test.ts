import { describe, expect, it } from 'vitest';
import { parseCli } from './cli-args.ts';
import { CliError } from './errors.ts';

describe('parseCli', () => {
  it('runs init without arguments', () => {
    expect(parseCli([])).toEqual({ kind: 'init' });
  });

  it('parses status with its options', () => {
    expect(parseCli(['status', '--json', '--state-file', '/tmp/s.json'])).toEqual({
      kind: 'status',
      json: true,
      stateFile: '/tmp/s.json',
    });
  });

  it('refuses unknown commands, flags and relative state files', () => {
    expect(() => parseCli(['start'])).toThrow(CliError);
    expect(() => parseCli(['--nope'])).toThrow(CliError);
    expect(() => parseCli(['status', '--state-file', 'rel.json'])).toThrow(
      'invalid option: --state-file: must be an absolute path (received "rel.json")',
    );
  });
});
