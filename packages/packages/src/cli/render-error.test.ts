import { describe, expect, it } from 'vitest';
import { InvalidPackageMapError, UnknownKeyError, UsageError } from '../errors.ts';
import { renderError } from './render-error.ts';

describe('renderError', () => {
  it('writes one "helios-packages: CODE: message" line per error of an invalid map', () => {
    const error = new InvalidPackageMapError('m.yaml', [
      new UnknownKeyError('one', { location: { file: 'm.yaml', line: 1, column: 1 } }),
      new UnknownKeyError('two'),
    ]);
    expect(renderError(error)).toBe(
      [
        'helios-packages: HELIOS_PACKAGES_INVALID_MAP: package map m.yaml is invalid (2 problems):',
        'helios-packages: HELIOS_PACKAGES_UNKNOWN_KEY: m.yaml:1:1: one',
        'helios-packages: HELIOS_PACKAGES_UNKNOWN_KEY: two',
        '',
      ].join('\n'),
    );
  });

  it('points a usage error at --help', () => {
    expect(renderError(new UsageError('no command given'))).toBe(
      'helios-packages: HELIOS_PACKAGES_USAGE: no command given (see helios-packages --help)\n',
    );
  });

  it('shows any other error as a bug, under its JavaScript name, frame by frame', () => {
    const bug = new TypeError('x is not a function');
    bug.stack = 'TypeError: x is not a function\n    at run (cli.js:1:2)\n    at main (cli.js:3:4)';
    expect(renderError(bug)).toBe(
      [
        'helios-packages: TypeError: unexpected error, a bug in helios-packages (please report it): x is not a function',
        'helios-packages: TypeError:     at run (cli.js:1:2)',
        'helios-packages: TypeError:     at main (cli.js:3:4)',
        '',
      ].join('\n'),
    );
  });

  it('keeps a line break inside a message from starting a line without the prefix', () => {
    expect(renderError('two\nlines')).toBe(
      'helios-packages: Error: unexpected error, a bug in helios-packages (please report it): two lines\n',
    );
  });
});
