import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, scratchDirectory } from './run-cli.ts';

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
        `helios-packages: package map ${BROKEN} is invalid (1 problem): [HELIOS_PACKAGES_INVALID_MAP]`,
        `  ${BROKEN}:2:13: package name "curl wget" for group "debian" is unsafe on a command line: the shell splits or expands a space (character 5): expected letters, digits and . _ + : = @ ~ % / - only, not starting with - ~ = + : @ %, received "curl wget" [HELIOS_PACKAGES_UNSAFE_PACKAGE_NAME]`,
        '',
      ].join('\n'),
    );
    expect(readdirSync(work)).not.toContain('never');
  });

  it('exits 1 when the map does not exist', () => {
    const run = runCli(['flatten', join(work, 'missing.yaml'), '--out', join(work, 'x')]);
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('[HELIOS_PACKAGES_READ_FAILED]');
  });

  it('exits 2 for an unknown --group, naming the lists there are', () => {
    const run = runCli(['flatten', MAP, '--out', join(work, 'y'), '--group', 'ubunty']);
    expect(run.status).toBe(2);
    expect(run.stderr).toBe(
      'helios-packages: no list named "ubunty" (did you mean "ubuntu"?): expected one of the groups under inherit (debian, frontend, ubuntu), received "ubunty" [HELIOS_PACKAGES_UNKNOWN_LIST]\n',
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
      `helios-packages: libva is not in the debian list: it is mapped for rhel at ${MAP}:8:5; debian takes from debian, common (one level deep: what those groups list is not included) [HELIOS_PACKAGES_NOT_IN_LIST]\n`,
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
  ])('exits 2 with the usage text for %j', (argv) => {
    const run = runCli(argv);
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/\[HELIOS_PACKAGES_USAGE\]\n\nUsage:\n {2}helios-packages flatten/);
  });

  it('prints the usage on --help and exits 0', () => {
    const run = runCli(['--help']);
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('Exit codes: 0 ok, 1 invalid input');
  });
});
