import type { Distro } from './distro-matrix.ts';
import { ERROR_CODES, ImagesError } from './errors.ts';

/**
 * Where an image comes from: a release (`vX.Y.Z-<codename>`), the main branch
 * (`unstable-<codename>`) or the testing branch (`testing-<codename>`).
 */
export type Channel = { kind: 'release'; version: string } | { kind: 'unstable' } | { kind: 'testing' };

const semver = /^\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?$/;

/**
 * The tag an image of `distro` gets on `channel`.
 * @throws {ImagesError} `HELIOS_IMAGES_BAD_VERSION` when a release version is not semver.
 */
export function imageTag(distro: Distro, channel: Channel): string {
  switch (channel.kind) {
    case 'release': {
      const version = channel.version.replace(/^v/, '');
      if (!semver.test(version)) {
        throw new ImagesError(
          ERROR_CODES.BAD_VERSION,
          `Release version "${channel.version}" is not semver. Expected X.Y.Z (for example 1.4.0).`,
        );
      }
      return `v${version}-${distro.codename}`;
    }
    case 'unstable':
      return `unstable-${distro.codename}`;
    case 'testing':
      return `testing-${distro.codename}`;
  }
}
