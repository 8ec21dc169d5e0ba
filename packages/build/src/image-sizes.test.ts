import { getDistro } from '@helios/images';
import { describe, expect, it } from 'vitest';
import { formatSizeTable } from './image-sizes.ts';

describe('formatSizeTable', () => {
  it('prints MB like docker images and marks distros not built here', () => {
    expect(
      formatSizeTable([
        { distro: getDistro('bookworm'), bytes: 526_897_630 },
        { distro: getDistro('alpine-3'), bytes: null },
      ]),
    ).toBe(
      [
        '| distro | release | image size (uncompressed) |',
        '| --- | --- | --- |',
        '| bookworm | Debian 12 (bookworm) | 527 MB |',
        '| alpine-3 | Alpine Linux 3 | not built here |',
      ].join('\n'),
    );
  });

  it('puts an emulated build in a row of its own, named with its architecture', () => {
    expect(
      formatSizeTable([
        { distro: getDistro('bookworm'), bytes: 526_897_630 },
        { distro: getDistro('bookworm'), arch: 'arm64', bytes: 512_400_000 },
      ])
        .split('\n')
        .slice(2),
    ).toEqual([
      '| bookworm | Debian 12 (bookworm) | 527 MB |',
      '| bookworm (arm64) | Debian 12 (bookworm) | 512 MB |',
    ]);
  });
});
