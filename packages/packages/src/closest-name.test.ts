import { describe, expect, it } from 'vitest';
import { closestName } from './closest-name.ts';

describe('closestName', () => {
  it.each([
    ['comon', 'common'],
    ['debain', 'debian'],
    ['rhel9', 'rhel'],
    ['fedora', undefined],
    ['', undefined],
  ])('suggests %j -> %j among the known groups', (typo, expected) => {
    expect(closestName(typo, ['alpine', 'common', 'debian', 'rhel'])).toBe(expected);
  });
});
