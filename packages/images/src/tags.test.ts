import { describe, expect, it } from 'vitest';
import { getDistro } from './distro-matrix.ts';
import { imageTag } from './tags.ts';

describe('imageTag', () => {
  const bookworm = getDistro('bookworm');

  it('tags releases as vX.Y.Z-<codename>, with or without a leading v', () => {
    expect(imageTag(bookworm, { kind: 'release', version: '1.2.3' })).toBe('v1.2.3-bookworm');
    expect(imageTag(bookworm, { kind: 'release', version: 'v1.2.3' })).toBe('v1.2.3-bookworm');
  });

  it('tags main as unstable-<codename> and the testing branch as testing-<codename>', () => {
    expect(imageTag(getDistro('alpine-3'), { kind: 'unstable' })).toBe('unstable-alpine');
    expect(imageTag(getDistro('rocky-9'), { kind: 'testing' })).toBe('testing-rocky');
  });

  it('refuses a release version that is not semver', () => {
    expect(() => imageTag(bookworm, { kind: 'release', version: 'latest' })).toThrow(
      'Release version "latest" is not semver. Expected X.Y.Z (for example 1.4.0).',
    );
  });
});
