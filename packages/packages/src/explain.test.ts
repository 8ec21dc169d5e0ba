import { describe, expect, it } from 'vitest';
import { testMap } from '../test/support/test-map.ts';
import { UnknownListError } from './errors.ts';
import { explainPackage } from './explain.ts';

const map = testMap(
  [
    ['common', 'curl'],
    ['ubuntu', 'curl'],
    ['selkies-debian', 'python3-dev'],
    ['selkies-rhel', 'python3-devel'],
    ['selkies', 'gcc'],
  ],
  { ubuntu: ['common'], selkies: ['selkies', 'selkies-debian'], 'selkies-rhel': ['selkies', 'selkies-rhel'] },
);

function where(location: { line: number; column: number }): string {
  return `${location.line}:${location.column}`;
}

describe('explainPackage', () => {
  it('names the own mapping and the inherited one, with their positions and path', () => {
    const explanation = explainPackage(map, 'ubuntu', 'curl');
    expect(explanation.found).toBe(true);
    expect(
      explanation.reasons.map((reason) => ({
        at: where(reason.mapping.location),
        path: reason.path,
        listedAt: reason.via && where(reason.via.location),
      })),
    ).toEqual([
      { at: '2:5', path: ['ubuntu', 'common'], listedAt: '8:12' },
      { at: '3:5', path: ['ubuntu'], listedAt: undefined },
    ]);
  });

  it('treats a group listing itself as its own mapping, not as inheritance', () => {
    const explanation = explainPackage(map, 'selkies', 'gcc');
    expect(explanation.reasons.map((reason) => reason.path)).toEqual([['selkies']]);
  });

  it('says where an absent package is mapped instead (one level, so selkies-debian does not reach selkies-rhel)', () => {
    const explanation = explainPackage(map, 'selkies-rhel', 'python3-dev');
    expect(explanation.found).toBe(false);
    expect(explanation.reasons).toEqual([]);
    expect(explanation.elsewhere.map((mapping) => mapping.group)).toEqual(['selkies-debian']);
  });

  it('rejects a group that produces no list', () => {
    expect(() => explainPackage(map, 'common', 'curl')).toThrow(UnknownListError);
  });
});
