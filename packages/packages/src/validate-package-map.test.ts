import { describe, expect, it } from 'vitest';
import { InvalidPackageMapError } from './errors.ts';
import { parsePackageMap, validatePackageMap } from './validate-package-map.ts';

function problemsOf(text: string): string[] {
  const result = validatePackageMap([{ file: 'map.yaml', text }]);
  return result.problems.map((problem) => `${problem.code} ${problem.message}`);
}

const PACKAGE = 'expected letters, digits and . _ + : = @ ~ % / - only, not starting with - ~ = + : @ %';
const GROUP = 'expected letters, digits and . _ - only, starting with a letter or digit';

describe('validatePackageMap', () => {
  // Every error path: input, then the whole reported line (code, position, message).
  it.each([
    [
      'a YAML syntax error',
      'packages:\n  - debian: [curl\n',
      'HELIOS_PACKAGES_YAML_SYNTAX map.yaml:3:1: YAML syntax error: Flow sequence in block collection must be sufficiently indented and end with a ]: expected valid YAML, received the end of the file',
    ],
    [
      'bad indentation',
      'packages:\n  - debian: curl\n   rhel: curl\n',
      'HELIOS_PACKAGES_YAML_SYNTAX map.yaml:3:1: YAML syntax error: Sequence item without - indicator: expected valid YAML, received "rhel: curl"',
    ],
    [
      'tabs in indentation',
      'packages:\n\t- debian: curl\n',
      'HELIOS_PACKAGES_YAML_SYNTAX map.yaml:2:1: YAML syntax error: Tabs are not allowed as indentation: expected valid YAML, received "- debian: curl"',
    ],
    [
      'a mapping key out of line',
      'packages:\n  - debian: a\n  rhel: b\n',
      'HELIOS_PACKAGES_YAML_SYNTAX map.yaml:3:1: YAML syntax error: All mapping items must start at the same column: expected valid YAML, received "rhel: b"',
    ],
    [
      'an unclosed quote',
      'packages:\n  - debian: "curl\n',
      'HELIOS_PACKAGES_YAML_SYNTAX map.yaml:3:1: YAML syntax error: Missing closing "quote: expected valid YAML, received the end of the file',
    ],
    [
      'a second document',
      'packages: []\n---\ninherit: {}\n',
      'HELIOS_PACKAGES_YAML_SYNTAX map.yaml:2:1: YAML syntax error: a second document (a --- line) in one file: expected valid YAML, received "---"',
    ],
    [
      'an unknown tag',
      'packages:\n  - debian: !pkg curl\n',
      'HELIOS_PACKAGES_YAML_SYNTAX map.yaml:2:13: YAML syntax error: Unresolved tag: !pkg: expected valid YAML, received "- debian: !pkg curl"',
    ],
    [
      'an alias without its anchor',
      'packages:\n  - debian: curl\n  - rhel: *curl\n',
      'HELIOS_PACKAGES_YAML_SYNTAX map.yaml:3:11: YAML syntax error: Unresolved alias (the anchor must be set before the alias): curl: expected valid YAML, received "- rhel: *curl"',
    ],
    [
      'a duplicate key in one packages item',
      'packages:\n  - debian: curl\n    debian: wget\n',
      'HELIOS_PACKAGES_DUPLICATE_KEY map.yaml:3:5: duplicate key "debian" in one mapping (first at map.yaml:2:5): expected each key once per mapping, received "debian" again',
    ],
    [
      'a duplicate top-level key',
      'packages: []\npackages: []\n',
      'HELIOS_PACKAGES_DUPLICATE_KEY map.yaml:2:1: duplicate key "packages" in one mapping (first at map.yaml:1:1): expected each key once per mapping, received "packages" again',
    ],
    [
      'a duplicate key in a flow mapping',
      'packages:\n  - {debian: a, debian: b}\n',
      'HELIOS_PACKAGES_DUPLICATE_KEY map.yaml:2:17: duplicate key "debian" in one mapping (first at map.yaml:2:6): expected each key once per mapping, received "debian" again',
    ],
    [
      'keys that are one key once parsed (1 and "1")',
      'packages:\n  - 1: a\n    "1": b\n',
      'HELIOS_PACKAGES_DUPLICATE_KEY map.yaml:3:5: duplicate key "1" in one mapping (first at map.yaml:2:5): expected each key once per mapping, received "1" again',
    ],
    [
      'an unknown top-level key',
      'packges:\n  - debian: curl\n',
      'HELIOS_PACKAGES_UNKNOWN_KEY map.yaml:1:1: unknown top-level key "packges" (did you mean "packages"?): expected packages or inherit, received "packges"',
    ],
    [
      'a package name that is a number',
      'packages:\n  - debian: 42\n',
      `HELIOS_PACKAGES_INVALID_NAME map.yaml:2:13: package name for group "debian" is not a string: ${PACKAGE}, received the number 42 (quote it to make it a string)`,
    ],
    [
      'a package name that is a list',
      'packages:\n  - debian: [a, b]\n',
      `HELIOS_PACKAGES_INVALID_NAME map.yaml:2:13: package name for group "debian" is not a string: ${PACKAGE}, received a list`,
    ],
    [
      'a group with no package name',
      'packages:\n  - debian:\n',
      `HELIOS_PACKAGES_INVALID_NAME map.yaml:2:5: package name for group "debian" is empty: ${PACKAGE}, received an empty value`,
    ],
    [
      'an empty package name',
      'packages:\n  - debian: ""\n',
      `HELIOS_PACKAGES_INVALID_NAME map.yaml:2:13: package name for group "debian" is empty: ${PACKAGE}, received an empty string`,
    ],
    [
      'whitespace in a package name',
      'packages:\n  - debian: "curl wget"\n',
      `HELIOS_PACKAGES_UNSAFE_PACKAGE_NAME map.yaml:2:13: package name "curl wget" for group "debian" is unsafe on a command line: the shell splits or expands a space (character 5): ${PACKAGE}, received "curl wget"`,
    ],
    [
      'a shell metacharacter in a package name',
      'packages:\n  - debian: curl;rm\n',
      `HELIOS_PACKAGES_UNSAFE_PACKAGE_NAME map.yaml:2:13: package name "curl;rm" for group "debian" is unsafe on a command line: the shell splits or expands ";" (character 5): ${PACKAGE}, received "curl;rm"`,
    ],
    [
      'a glob in a package name',
      'packages:\n  - rhel: xorg-x11-fonts*\n',
      `HELIOS_PACKAGES_UNSAFE_PACKAGE_NAME map.yaml:2:11: package name "xorg-x11-fonts*" for group "rhel" is unsafe on a command line: the shell splits or expands "*" (character 15): ${PACKAGE}, received "xorg-x11-fonts*"`,
    ],
    [
      'a package name with a leading dash',
      'packages:\n  - debian: "-y"\n',
      `HELIOS_PACKAGES_UNSAFE_PACKAGE_NAME map.yaml:2:13: package name "-y" for group "debian" is unsafe on a command line: a leading "-" is read as an option: ${PACKAGE}, received "-y"`,
    ],
    [
      'a command substitution as a package name',
      'packages:\n  - debian: $(reboot)\n',
      `HELIOS_PACKAGES_UNSAFE_PACKAGE_NAME map.yaml:2:13: package name "$(reboot)" for group "debian" is unsafe on a command line: it starts with "$": ${PACKAGE}, received "$(reboot)"`,
    ],
    [
      'an unknown group in inherit',
      'packages:\n  - common: curl\ninherit:\n  debian:\n    - comon\n',
      'HELIOS_PACKAGES_UNKNOWN_GROUP map.yaml:5:7: inherit entry "debian" lists "comon", which is defined nowhere (did you mean "common"?): expected a group that has packages or an inherit entry of its own, received "comon"',
    ],
    [
      'a packages item that is not a mapping',
      'packages:\n  - curl\n',
      'HELIOS_PACKAGES_INVALID_SHAPE map.yaml:2:5: packages item 1 has the wrong shape: expected a mapping from group to package name, like "debian: curl", received "curl"',
    ],
    [
      'packages that is a mapping, not a list',
      'packages:\n  debian: curl\n',
      'HELIOS_PACKAGES_INVALID_SHAPE map.yaml:2:3: "packages" has the wrong shape: expected a list of mappings from group to package name, received a mapping',
    ],
    [
      'an inherit entry that is not a list',
      'inherit:\n  debian: common\n',
      'HELIOS_PACKAGES_INVALID_SHAPE map.yaml:2:11: inherit entry "debian" has the wrong shape: expected a list of group names, like [common, debian], received "common"',
    ],
    [
      'a file that is a list',
      '- a\n',
      'HELIOS_PACKAGES_INVALID_SHAPE map.yaml:1:1: the file has the wrong shape: expected a mapping with the keys packages and inherit, received a list',
    ],
    [
      'a group name that cannot name a file',
      'packages:\n  - "de bian": curl\n',
      `HELIOS_PACKAGES_INVALID_GROUP_NAME map.yaml:2:5: group name "de bian" in packages is not valid: a space at character 3: ${GROUP}, received "de bian"`,
    ],
    [
      'a path as an inherit group',
      'inherit:\n  ../x: []\n',
      `HELIOS_PACKAGES_INVALID_GROUP_NAME map.yaml:2:3: group name "../x" under inherit is not valid: it starts with ".": ${GROUP}, received "../x"`,
    ],
    [
      'a listed group that is a number',
      'packages:\n  - common: a\ninherit:\n  debian: [common, 7]\n',
      `HELIOS_PACKAGES_INVALID_NAME map.yaml:4:20: group under inherit entry "debian" is not a string: ${GROUP}, received the number 7 (quote it to make it a string)`,
    ],
    [
      'an empty group name',
      'packages:\n  - "": curl\n',
      `HELIOS_PACKAGES_INVALID_NAME map.yaml:2:5: group name in packages is empty: ${GROUP}, received an empty string`,
    ],
  ])('reports %s with its position', (_name, text, expected) => {
    expect(problemsOf(text)).toEqual([expected]);
  });

  it('accepts the https URL of an .rpm, which dnf installs directly', () => {
    const url = 'https://kojipkgs.fedoraproject.org//vol/x/xssstate-1.1-18.fc35.x86_64.rpm';
    expect(problemsOf(`packages:\n  - rhel: ${url}\ninherit:\n  rhel: [rhel]\n`)).toEqual([]);
  });

  it('reports every problem of a file at once, in file order', () => {
    const problems = problemsOf('extra: 1\npackages:\n  - debian: 1\n  - rhel: "a b"\n');
    expect(problems.map((problem) => problem.split(' ').slice(0, 2).join(' '))).toEqual([
      'HELIOS_PACKAGES_UNKNOWN_KEY map.yaml:1:1:',
      'HELIOS_PACKAGES_INVALID_NAME map.yaml:3:13:',
      'HELIOS_PACKAGES_UNSAFE_PACKAGE_NAME map.yaml:4:11:',
    ]);
  });

  it('accepts an empty file or one with only comments', () => {
    expect(problemsOf('')).toEqual([]);
    expect(problemsOf('# nothing yet\n')).toEqual([]);
  });

  it('treats an empty inherit entry as a list with no parents', () => {
    const result = validatePackageMap([{ file: 'map.yaml', text: 'inherit:\n  frontend:\n' }]);
    expect(result.map?.inherit.map((rule) => [rule.group, rule.parents.length])).toEqual([['frontend', 0]]);
  });

  it('keeps yes, no and on as strings (YAML 1.2), not booleans', () => {
    const result = validatePackageMap([
      { file: 'map.yaml', text: 'packages:\n  - debian: yes\n  - rhel: on\n' },
    ]);
    expect(result.map?.mappings.map((mapping) => mapping.name)).toEqual(['yes', 'on']);
  });

  it('locates every mapping at its group key', () => {
    const text = 'packages:\n  - debian: curl\n    rhel: curl-minimal\n  - {alpine: wget}\n';
    const result = validatePackageMap([{ file: 'map.yaml', text }]);
    expect(
      result.map?.mappings.map((m) => `${m.group}=${m.name}@${m.location.line}:${m.location.column}`),
    ).toEqual(['debian=curl@2:5', 'rhel=curl-minimal@3:5', 'alpine=wget@4:6']);
  });

  describe('with several files', () => {
    it('merges packages and inherit from every file', () => {
      const result = validatePackageMap([
        { file: 'inherit.yaml', text: 'inherit:\n  debian: [common]\n' },
        { file: 'system.yaml', text: 'packages:\n  - common: curl\n  - debian: libva2\n' },
      ]);
      expect(result.map?.files).toEqual(['inherit.yaml', 'system.yaml']);
      expect(result.map?.mappings.map((mapping) => mapping.name)).toEqual(['curl', 'libva2']);
    });

    it('finds a listed group defined in another file', () => {
      const result = validatePackageMap([
        { file: 'a.yaml', text: 'inherit:\n  debian: [common]\n' },
        { file: 'b.yaml', text: 'packages:\n  - common: curl\n' },
      ]);
      expect(result.ok).toBe(true);
    });

    it('rejects a second inherit entry for one group, naming both places', () => {
      const result = validatePackageMap([
        { file: 'a.yaml', text: 'inherit:\n  debian: [debian]\n' },
        { file: 'b.yaml', text: 'packages:\n  - debian: x\ninherit:\n  debian: []\n' },
      ]);
      expect(result.problems.map((problem) => `${problem.code} ${problem.message}`)).toEqual([
        'HELIOS_PACKAGES_DUPLICATE_KEY b.yaml:4:3: group "debian" has a second inherit entry (first at a.yaml:2:3): expected one inherit entry per group, received two',
      ]);
    });

    it('reports a typo in inherit together with the format problems of the same map', () => {
      const result = validatePackageMap([
        { file: 'a.yaml', text: 'inherit:\n  debian: [common, debain]\n' },
        { file: 'b.yaml', text: 'packages:\n  - common: curl\n  - debian: 7\n  - rhel: "a b"\n' },
      ]);
      expect(
        result.problems.map(
          (problem) => `${problem.code} ${problem.location?.file}:${problem.location?.line}`,
        ),
      ).toEqual([
        'HELIOS_PACKAGES_UNKNOWN_GROUP a.yaml:2',
        'HELIOS_PACKAGES_INVALID_NAME b.yaml:3',
        'HELIOS_PACKAGES_UNSAFE_PACKAGE_NAME b.yaml:4',
      ]);
    });

    it('counts a group named by a broken entry as defined: only real typos are reported', () => {
      const result = validatePackageMap([
        { file: 'a.yaml', text: 'inherit:\n  debian: [common, debian]\n  rhel: [rhel]\n' },
        { file: 'b.yaml', text: 'packages:\n  - common: 7\n  - rhel:\n' },
      ]);
      expect(result.problems.map((problem) => problem.code)).toEqual([
        'HELIOS_PACKAGES_INVALID_NAME',
        'HELIOS_PACKAGES_INVALID_NAME',
      ]);
    });

    it('does not blame other files for groups defined in a broken one', () => {
      const result = validatePackageMap([
        { file: 'a.yaml', text: 'inherit:\n  debian: [common]\n' },
        { file: 'b.yaml', text: 'packages:\n  - common: [x\n' },
      ]);
      expect(result.problems.map((problem) => problem.code)).toEqual(['HELIOS_PACKAGES_YAML_SYNTAX']);
    });
  });
});

describe('parsePackageMap', () => {
  it('throws one error listing every problem with its code', () => {
    const parse = () => parsePackageMap([{ file: 'map.yaml', text: 'packages:\n  - debian: 1\nextra: 2\n' }]);
    expect(parse).toThrow(InvalidPackageMapError);
    expect(parse).toThrow(
      [
        'package map map.yaml is invalid (2 problems):',
        `  map.yaml:2:13: package name for group "debian" is not a string: ${PACKAGE}, received the number 1 (quote it to make it a string) [HELIOS_PACKAGES_INVALID_NAME]`,
        '  map.yaml:3:1: unknown top-level key "extra": expected packages or inherit, received "extra" [HELIOS_PACKAGES_UNKNOWN_KEY]',
      ].join('\n'),
    );
  });

  it('gives a frozen map', () => {
    const map = parsePackageMap([
      { file: 'map.yaml', text: 'packages:\n  - debian: curl\ninherit:\n  debian: []\n' },
    ]);
    expect(Object.isFrozen(map)).toBe(true);
    expect(Object.isFrozen(map.mappings)).toBe(true);
    expect(Object.isFrozen(map.mappings[0])).toBe(true);
    expect(Object.isFrozen(map.inherit[0]?.parents)).toBe(true);
  });
});
