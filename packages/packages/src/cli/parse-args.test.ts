import { describe, expect, it } from 'vitest';
import { UsageError } from '../errors.ts';
import { parseCliArgs } from './parse-args.ts';

describe('parseCliArgs', () => {
  it('parses flatten with its defaults', () => {
    expect(parseCliArgs(['flatten', 'map.yaml', '--out', '/tmp/lists'])).toEqual({
      kind: 'flatten',
      source: 'map.yaml',
      out: '/tmp/lists',
      groups: [],
      format: 'words',
    });
  });

  it('takes repeated --group and a --format', () => {
    expect(
      parseCliArgs(['flatten', 'm', '-o', 'o', '--group', 'rhel', '-g', 'debian', '--format=json']),
    ).toMatchObject({
      groups: ['rhel', 'debian'],
      format: 'json',
    });
  });

  it('parses check and explain', () => {
    expect(parseCliArgs(['check', 'dir'])).toEqual({ kind: 'check', source: 'dir' });
    expect(parseCliArgs(['explain', 'dir', 'rhel', 'curl'])).toEqual({
      kind: 'explain',
      source: 'dir',
      list: 'rhel',
      name: 'curl',
    });
  });

  it('answers --version', () => {
    expect(parseCliArgs(['--version'])).toEqual({ kind: 'version' });
  });

  it('answers --help before anything else', () => {
    expect(parseCliArgs(['flatten', '--help'])).toEqual({ kind: 'help' });
  });

  it.each([
    [[], 'no command given: expected flatten, check, explain, received nothing'],
    [
      ['flaten', 'x'],
      'unknown command "flaten" (did you mean "flatten"?): expected flatten, check, explain, received "flaten"',
    ],
    [['check'], 'check takes <file|dir>: expected 1 argument, received none'],
    [
      ['explain', 'm', 'rhel'],
      'explain takes <file|dir> <group> <package>: expected 3 arguments, received "m" "rhel"',
    ],
    [['flatten', 'm'], 'flatten needs --out <value>'],
    [
      ['flatten', 'm', '--out', 'o', '--format', 'yaml'],
      'bad value for --format: expected words, lines, json, received "yaml"',
    ],
    [['check', 'm', '--out', 'o'], 'option --out does not apply to check'],
    [
      ['check', 'm', '--verbose'],
      'unknown option --verbose: expected --out, --group, --format, --help or --version (put -- before a name that starts with -), received --verbose',
    ],
    [['flatten', 'm', '--out'], "Option '-o, --out <value>' argument missing"],
  ])('rejects %j with a usage error', (argv, message) => {
    expect(() => parseCliArgs(argv)).toThrow(UsageError);
    expect(() => parseCliArgs(argv)).toThrow(message);
  });
});
