import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, scratchDirectory } from './support/run-cli.ts';

const work = scratchDirectory();
const MAP = join(work, 'packages.yaml');
writeFileSync(
  MAP,
  [
    'inherit:',
    '  ubuntu: [common, debian]',
    '  debian: [common]',
    '  frontend: [frontend]',
    'packages:',
    '  - common: curl',
    '  - debian: libva2',
    '    rhel: libva',
    '  - ubuntu: xubuntu-icon-theme',
    '',
  ].join('\n'),
);
const BROKEN = join(work, 'broken.yaml');
writeFileSync(BROKEN, 'packages:\n  - debian: "curl wget"\ninherit:\n  debian: [comon]\n');

describe('helios-packages flatten', () => {
  it('writes one space-separated list per inherit group and exits 0', () => {
    const out = join(work, 'lists');
    const run = runCli(['flatten', MAP, '--out', out]);
    expect(run.status).toBe(0);
    expect(run.stdout).toBe(
      [
        `wrote ${join(out, 'debian.list')} (2 packages)`,
        `wrote ${join(out, 'frontend.list')} (0 packages)`,
        `wrote ${join(out, 'ubuntu.list')} (3 packages)`,
        '',
      ].join('\n'),
    );
    expect(readdirSync(out).sort()).toEqual(['debian.list', 'frontend.list', 'ubuntu.list']);
    expect(readFileSync(join(out, 'ubuntu.list'), 'utf8')).toBe('curl libva2 xubuntu-icon-theme\n');
    expect(readFileSync(join(out, 'frontend.list'), 'utf8')).toBe('');
  });

  it('writes only the --group lists, in the --format asked for', () => {
    const out = join(work, 'json');
    const run = runCli(['flatten', MAP, '--out', out, '--group', 'debian', '--format', 'json']);
    expect(run.status).toBe(0);
    expect(readdirSync(out)).toEqual(['debian.json']);
    expect(JSON.parse(readFileSync(join(out, 'debian.json'), 'utf8'))).toEqual(['curl', 'libva2']);
  });

  it('writes byte-identical files on every run', () => {
    const first = join(work, 'first');
    const second = join(work, 'second');
    runCli(['flatten', MAP, '--out', first, '--format', 'lines']);
    runCli(['flatten', MAP, '--out', second, '--format', 'lines']);
    for (const name of readdirSync(first)) {
      expect(readFileSync(join(second, name))).toEqual(readFileSync(join(first, name)));
    }
  });

  it('exits 1 on an invalid map, listing every problem with its position, and writes nothing', () => {
    const out = join(work, 'never');
    const run = runCli(['flatten', BROKEN, '--out', out]);
    expect(run.status).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toBe(
      [
        `helios-packages: HELIOS_PACKAGES_INVALID_MAP: package map ${BROKEN} is invalid (2 problems):`,
        `helios-packages: HELIOS_PACKAGES_UNSAFE_PACKAGE_NAME: ${BROKEN}:2:13: package name "curl wget" for group "debian" is unsafe on a command line: the shell splits or expands a space (character 5): expected letters, digits and . _ + : = @ ~ % / - only, not starting with - ~ = + : @ %, received "curl wget"`,
        `helios-packages: HELIOS_PACKAGES_UNKNOWN_GROUP: ${BROKEN}:4:12: inherit entry "debian" lists "comon", which is defined nowhere: expected a group that has packages or an inherit entry of its own, received "comon"`,
        '',
      ].join('\n'),
    );
    expect(readdirSync(work)).not.toContain('never');
  });

  it('exits 1 when the map does not exist', () => {
    const run = runCli(['flatten', join(work, 'missing.yaml'), '--out', join(work, 'x')]);
    expect(run.status).toBe(1);
    expect(run.stderr).toBe(
      `helios-packages: HELIOS_PACKAGES_READ_FAILED: cannot read package map ${JSON.stringify(join(work, 'missing.yaml'))}: expected a readable YAML file or a directory of them, received ENOENT\n`,
    );
  });

  it('exits 2 for an unknown --group, naming the lists there are', () => {
    const run = runCli(['flatten', MAP, '--out', join(work, 'y'), '--group', 'ubunty']);
    expect(run.status).toBe(2);
    expect(run.stderr).toBe(
      'helios-packages: HELIOS_PACKAGES_UNKNOWN_LIST: no list named "ubunty" (did you mean "ubuntu"?): expected one of the groups under inherit (debian, frontend, ubuntu), received "ubunty"\n',
    );
  });
});

describe('helios-packages check', () => {
  it('exits 0 and summarises a valid map', () => {
    const run = runCli(['check', MAP]);
    expect(run.status).toBe(0);
    expect(run.stdout).toBe(
      `${MAP}: ok, 4 mappings in 1 file, 3 lists\n  debian: 2 packages\n  frontend: 0 packages\n  ubuntu: 3 packages\n`,
    );
  });

  it('exits 1 and reports problems found only across the map (an unknown group) once files are valid', () => {
    writeFileSync(join(work, 'typo.yaml'), 'packages:\n  - common: curl\ninherit:\n  debian: [comon]\n');
    const run = runCli(['check', join(work, 'typo.yaml')]);
    expect(run.status).toBe(1);
    expect(run.stderr).toContain(
      'typo.yaml:4:12: inherit entry "debian" lists "comon", which is defined nowhere (did you mean "common"?)',
    );
  });

  it('exits 1 on a YAML error, with its position and one line per error', () => {
    const file = join(work, 'syntax.yaml');
    writeFileSync(file, 'packages:\n  - debian: curl\n    debian: wget\n');
    const run = runCli(['check', file]);
    expect(run.status).toBe(1);
    expect(run.stderr).toBe(
      [
        `helios-packages: HELIOS_PACKAGES_INVALID_MAP: package map ${file} is invalid (1 problem):`,
        `helios-packages: HELIOS_PACKAGES_DUPLICATE_KEY: ${file}:3:5: duplicate key "debian" in one mapping (first at ${file}:2:5): expected each key once per mapping, received "debian" again`,
        '',
      ].join('\n'),
    );
  });
});

describe('helios-packages explain', () => {
  it('exits 0 and shows the mapping and inheritance path that put a package in a list', () => {
    const run = runCli(['explain', MAP, 'ubuntu', 'libva2']);
    expect(run.status).toBe(0);
    expect(run.stdout).toBe(
      [
        'libva2 is in the ubuntu list through 1 mapping:',
        `  debian: libva2 at ${MAP}:7:5, via ubuntu -> debian (listed at ${MAP}:2:20)`,
        '  ubuntu takes from: ubuntu, common, debian',
        '',
      ].join('\n'),
    );
  });

  it('exits 1 when the package is not in the list, saying where it is mapped instead', () => {
    const run = runCli(['explain', MAP, 'debian', 'libva']);
    expect(run.status).toBe(1);
    expect(run.stderr).toBe(
      `helios-packages: HELIOS_PACKAGES_NOT_IN_LIST: libva is not in the debian list: it is mapped for rhel at ${MAP}:8:5; debian takes from debian, common (one level deep: what those groups list is not included)\n`,
    );
  });
});

describe('helios-packages usage', () => {
  it.each([
    [[]],
    [['flatten', MAP]],
    [['flatten', MAP, '--out', 'x', '--format', 'yaml']],
    [['check', MAP, 'extra']],
    [['frobnicate']],
    [['check', MAP, '--verbose']],
  ])('exits 2 with one usage error line pointing at --help for %j', (argv) => {
    const run = runCli(argv);
    expect(run.status).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(
      /^helios-packages: HELIOS_PACKAGES_USAGE: [^\n]+ \(see helios-packages --help\)\n$/,
    );
  });

  it('says what was wrong with the command line', () => {
    expect(runCli(['flaten', MAP]).stderr).toBe(
      'helios-packages: HELIOS_PACKAGES_USAGE: unknown command "flaten" (did you mean "flatten"?): expected flatten, check, explain, received "flaten" (see helios-packages --help)\n',
    );
  });

  it('prints the version of its package on --version and exits 0', () => {
    const run = runCli(['--version']);
    const manifest = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
    expect(run.status).toBe(0);
    expect(run.stdout).toBe(`${manifest.version}\n`);
  });

  it('prints the usage on --help and exits 0', () => {
    const run = runCli(['--help']);
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('Exit codes: 0 ok, 1 invalid input');
  });
});
