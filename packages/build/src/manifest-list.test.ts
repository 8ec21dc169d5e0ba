import { getDistro } from '@helios/images';
import { describe, expect, it } from 'vitest';
import { planManifestList } from './manifest-list.ts';

const bookworm = getDistro('bookworm');
const both = [
  { image: 'helios:bookworm', arch: 'amd64' },
  { image: 'helios:bookworm-arm64', arch: 'arm64' },
] as const;

describe('planManifestList', () => {
  it('pushes one tag per architecture and joins them under helios:<distro>', () => {
    expect(planManifestList(bookworm, '127.0.0.1:5000', both)).toEqual({
      pushes: [
        { local: 'helios:bookworm', remote: '127.0.0.1:5000/helios:bookworm-amd64' },
        { local: 'helios:bookworm-arm64', remote: '127.0.0.1:5000/helios:bookworm-arm64' },
      ],
      list: '127.0.0.1:5000/helios:bookworm',
      insecure: true,
    });
  });

  it('talks HTTPS to a registry that is not on the loopback', () => {
    expect(planManifestList(bookworm, 'registry.example/team/', both)).toMatchObject({
      list: 'registry.example/team/helios:bookworm',
      insecure: false,
    });
  });

  it('refuses to make the tag while an architecture is not built, saying how to build it', () => {
    expect(() => planManifestList(bookworm, '127.0.0.1:5000', [both[0]])).toThrow(
      expect.objectContaining({
        code: 'HELIOS_BUILD_MISSING_ARTIFACT',
        message:
          'No arm64 image of bookworm is built here: a multi-architecture tag needs one per architecture. Build it first: helios build bookworm --arch arm64.',
      }),
    );
  });
});
