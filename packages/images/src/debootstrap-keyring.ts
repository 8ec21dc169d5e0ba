import { fileURLToPath } from 'node:url';
import type { Distro } from './distro-matrix.ts';

/**
 * The keyrings debootstrap checks a Release file against, shipped in this
 * package's `keyrings/` folder (public keys, from Ubuntu's ubuntu-keyring
 * package) for suites the host's own keyring does not cover. Fingerprints,
 * checked by `debootstrap-keyring.test.ts`:
 *
 * - `ubuntu-archive-2018.gpg`: Ubuntu Archive Automatic Signing Key (2018)
 *   F6EC B376 2474 EDA9 D21B  7022 8719 20D1 991B C93C
 */
export const DEBOOTSTRAP_KEYRING_FINGERPRINTS: Readonly<Record<string, string>> = Object.freeze({
  'ubuntu-archive-2018.gpg': 'F6ECB3762474EDA9D21B7022871920D1991BC93C',
});

/**
 * Absolute path of the keyring `distro`'s debootstrap base is checked with,
 * or null where debootstrap's default (the host's Debian keyring) applies.
 */
export function debootstrapKeyringPath(distro: Distro): string | null {
  const keyring = distro.debootstrap?.keyring;
  // From src/ in the repository and from dist/ in the package alike: keyrings/ is their sibling.
  return keyring ? fileURLToPath(new URL(`../keyrings/${keyring}`, import.meta.url)) : null;
}
