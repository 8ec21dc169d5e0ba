import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DEBOOTSTRAP_KEYRING_FINGERPRINTS, debootstrapKeyringPath } from './debootstrap-keyring.ts';
import { distros, getDistro } from './distro-matrix.ts';

/**
 * OpenPGP v4 fingerprint of the first key in a binary keyring: SHA-1 of 0x99,
 * the two-byte length and the public-key packet body (RFC 4880, 12.2).
 */
function firstKeyFingerprint(keyring: Buffer): string {
  // 0x99: old-format packet, tag 6 (public key), two-byte length.
  expect(keyring[0]).toBe(0x99);
  const length = keyring.readUInt16BE(1);
  expect(keyring[3]).toBe(4); // key version 4
  return createHash('sha1')
    .update(keyring.subarray(0, 3 + length))
    .digest('hex')
    .toUpperCase();
}

describe('debootstrapKeyringPath', () => {
  it('gives noble and jammy the Ubuntu Archive Automatic Signing Key (2018) shipped in the package', () => {
    for (const name of ['noble', 'jammy']) {
      const path = debootstrapKeyringPath(getDistro(name));
      expect(path).toMatch(/\/packages\/images\/keyrings\/ubuntu-archive-2018\.gpg$/);
      expect(firstKeyFingerprint(readFileSync(path as string))).toBe(
        'F6ECB3762474EDA9D21B7022871920D1991BC93C',
      );
    }
  });

  it("leaves Debian to the host's keyring", () => {
    for (const name of ['bookworm', 'trixie', 'sid'])
      expect(debootstrapKeyringPath(getDistro(name))).toBeNull();
  });

  it('ships every keyring the matrix names, with the fingerprint recorded for it', () => {
    const named = new Set(distros.flatMap((d) => (d.debootstrap?.keyring ? [d.debootstrap.keyring] : [])));
    expect([...named]).toEqual(Object.keys(DEBOOTSTRAP_KEYRING_FINGERPRINTS));
    for (const distro of distros.filter((d) => d.debootstrap?.keyring)) {
      const keyring = readFileSync(debootstrapKeyringPath(distro) as string);
      expect(firstKeyFingerprint(keyring)).toBe(
        DEBOOTSTRAP_KEYRING_FINGERPRINTS[distro.debootstrap?.keyring as string],
      );
    }
  });
});
