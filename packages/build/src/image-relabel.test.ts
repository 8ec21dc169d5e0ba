import { describe, expect, it } from 'vitest';
import { withArchitecture } from './image-relabel.ts';

describe('withArchitecture', () => {
  it('changes only the architecture of an image config', () => {
    const config = {
      architecture: 'amd64',
      os: 'linux',
      rootfs: { type: 'layers', diff_ids: ['sha256:ab'] },
    };
    expect(JSON.parse(withArchitecture(JSON.stringify(config), 'arm64'))).toEqual({
      ...config,
      architecture: 'arm64',
    });
  });

  it('refuses a file that is not an image config', () => {
    expect(() => withArchitecture('{"os":"linux"}', 'arm64')).toThrow();
  });
});
