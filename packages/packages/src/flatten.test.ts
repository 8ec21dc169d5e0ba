import { describe, expect, it } from 'vitest';
import { testMap } from '../test/support/test-map.ts';
import { UnknownListError } from './errors.ts';
import { flattenPackageMap } from './flatten.ts';
import { parsePackageMap } from './validate-package-map.ts';

type Lists = Record<string, string[]>;

function flatten(map: ReturnType<typeof testMap>, groups?: readonly string[]): Lists {
  return Object.fromEntries(
    flattenPackageMap(map, { groups }).map((list) => [list.group, [...list.packages]]),
  );
}

describe('flattenPackageMap', () => {
  it.each<[string, [string, string][], Record<string, string[]>, Lists]>([
    [
      'a list takes its own mappings plus each listed group',
      [
        ['common', 'curl'],
        ['debian', 'libva2'],
        ['ubuntu', 'xubuntu-icon-theme'],
      ],
      { ubuntu: ['common', 'debian'] },
      { ubuntu: ['curl', 'libva2', 'xubuntu-icon-theme'] },
    ],
    [
      'inheritance is one level, not transitive (selkies-rhel must not get Debian names)',
      [
        ['selkies', 'gcc'],
        ['selkies-debian', 'python3-dev'],
        ['selkies-rhel', 'python3-devel'],
      ],
      { 'selkies-rhel': ['selkies', 'selkies-rhel'], selkies: ['selkies', 'selkies-debian'] },
      { selkies: ['gcc', 'python3-dev'], 'selkies-rhel': ['gcc', 'python3-devel'] },
    ],
    ['a group may list itself', [['frontend', 'npm']], { frontend: ['frontend'] }, { frontend: ['npm'] }],
    [
      'shared parents feed every list that names them',
      [
        ['common', 'curl'],
        ['debian', 'iproute2'],
        ['rhel', 'iproute'],
      ],
      { debian: ['common'], rhel: ['common'] },
      { debian: ['curl', 'iproute2'], rhel: ['curl', 'iproute'] },
    ],
    [
      'a group with no packages gives an empty list',
      [['common', 'curl']],
      { empty: [], alsoEmpty: ['alsoEmpty'] },
      { alsoEmpty: [], empty: [] },
    ],
    [
      'only groups under inherit produce a list',
      [
        ['common', 'curl'],
        ['debian', 'libva2'],
      ],
      { debian: [] },
      { debian: ['libva2'] },
    ],
    [
      'a name mapped twice appears once',
      [
        ['common', 'ca-certificates'],
        ['rhel', 'ca-certificates'],
        ['rhel', 'ca-certificates'],
      ],
      { rhel: ['common', 'rhel', 'common'] },
      { rhel: ['ca-certificates'] },
    ],
  ])('%s', (_name, packages, inherit, expected) => {
    expect(flatten(testMap(packages, inherit))).toEqual(expected);
  });

  it('sorts names and lists in code-unit order (LC_ALL=C)', () => {
    const map = testMap(
      [
        ['x', 'b'],
        ['x', 'Thunar'],
        ['x', 'a-b'],
        ['x', 'a'],
        ['x', 'a.b'],
      ],
      { x: [], B: ['x'], a: ['x'] },
    );
    expect(flattenPackageMap(map).map((list) => list.group)).toEqual(['B', 'a', 'x']);
    expect(flatten(map).x).toEqual(['Thunar', 'a', 'a-b', 'a.b', 'b']);
  });

  it('gives byte-identical output however the map is ordered or split into files', () => {
    const items = Array.from({ length: 60 }, (_, index) => `  - g${index % 4}: pkg-${(index * 37) % 50}`);
    const inherit = 'inherit:\n  g0: [g1, g2]\n  g3: [g3, g0]\n  g1: [g2]\n';
    const expected = JSON.stringify(
      flattenPackageMap(parsePackageMap([{ file: 'a', text: `packages:\n${items.join('\n')}\n${inherit}` }])),
    );
    const random = seededRandom(7);
    for (let round = 0; round < 20; round += 1) {
      const shuffled = shuffle(items, random);
      const cut = Math.floor(random() * shuffled.length);
      const sources = [
        { file: 'b', text: `packages:\n${shuffled.slice(0, cut).join('\n')}\n` },
        { file: 'a', text: `${inherit}packages:\n${shuffled.slice(cut).join('\n')}\n` },
      ];
      expect(JSON.stringify(flattenPackageMap(parsePackageMap(sources)))).toBe(expected);
    }
  });

  it('flattens only the requested groups', () => {
    const map = testMap([['common', 'curl']], { debian: ['common'], rhel: ['common'] });
    expect(Object.keys(flatten(map, ['rhel']))).toEqual(['rhel']);
  });

  it('rejects a requested group that has no inherit entry, suggesting the closest', () => {
    const map = testMap([['common', 'curl']], { debian: ['common'], rhel: ['common'] });
    expect(() => flattenPackageMap(map, { groups: ['debain'] })).toThrow(UnknownListError);
    expect(() => flattenPackageMap(map, { groups: ['debain'] })).toThrow(
      'no list named "debain" (did you mean "debian"?): expected one of the groups under inherit (debian, rhel), received "debain"',
    );
  });
});

/** A small deterministic generator (Park-Miller), so a failing order can be replayed. */
function seededRandom(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 16807) % 2147483647;
    return state / 2147483647;
  };
}

function shuffle<T>(items: readonly T[], random: () => number): T[] {
  const copy = [...items];
  for (let index = copy.length - 1; index > 0; index -= 1) {
    const other = Math.floor(random() * (index + 1));
    [copy[index], copy[other]] = [copy[other] as T, copy[index] as T];
  }
  return copy;
}
