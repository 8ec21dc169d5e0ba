import { debootstrapKeyringPath, getDistro } from '@helios/images';
import { describe, expect, it } from 'vitest';
import { planDebootstrap } from './debootstrap-plan.ts';

describe('planDebootstrap', () => {
  it('runs the command Debian always had, keeping the sources.list debootstrap writes and upgrading nothing', () => {
    for (const name of ['bookworm', 'trixie', 'sid']) {
      const distro = getDistro(name);
      expect(planDebootstrap(distro, { root: '/tmp/root', keyring: debootstrapKeyringPath(distro) })).toEqual(
        {
          args: ['--variant=minbase', name, '/tmp/root', 'http://deb.debian.org/debian'],
          sourcesList: null,
          upgrade: false,
        },
      );
    }
  });

  it('puts --arch first for a foreign architecture, as before', () => {
    const bookworm = getDistro('bookworm');
    expect(planDebootstrap(bookworm, { root: '/r', foreignArch: 'arm64', keyring: null }).args).toEqual([
      '--arch=arm64',
      '--variant=minbase',
      'bookworm',
      '/r',
      'http://deb.debian.org/debian',
    ]);
  });

  it("makes noble from Ubuntu's archive with universe, the shipped 2018 key and debootstrap's gutsy script", () => {
    const noble = getDistro('noble');
    const keyring = debootstrapKeyringPath(noble);
    expect(keyring).toMatch(/ubuntu-archive-2018\.gpg$/);
    expect(planDebootstrap(noble, { root: '/tmp/root', keyring }).args).toEqual([
      '--variant=minbase',
      '--components=main,universe',
      `--keyring=${keyring}`,
      'noble',
      '/tmp/root',
      'http://archive.ubuntu.com/ubuntu',
      'gutsy',
    ]);
  });

  it('lists the release, -updates and -security pockets with main and universe in the Ubuntu base, and upgrades from them', () => {
    expect(planDebootstrap(getDistro('noble'), { root: '/r', keyring: null }).upgrade).toBe(true);
    expect(planDebootstrap(getDistro('noble'), { root: '/r', keyring: null }).sourcesList).toBe(
      'deb http://archive.ubuntu.com/ubuntu noble main universe\n' +
        'deb http://archive.ubuntu.com/ubuntu noble-updates main universe\n' +
        'deb http://archive.ubuntu.com/ubuntu noble-security main universe\n',
    );
    expect(planDebootstrap(getDistro('jammy'), { root: '/r', keyring: null }).sourcesList).toContain(
      'deb http://archive.ubuntu.com/ubuntu jammy-updates main universe\n',
    );
  });

  it("refuses an arm64 Ubuntu base, which Ubuntu's archive does not carry", () => {
    expect(() =>
      planDebootstrap(getDistro('noble'), { root: '/r', foreignArch: 'arm64', keyring: null }),
    ).toThrow(
      expect.objectContaining({
        code: 'HELIOS_BUILD_NO_DEBOOTSTRAP',
        message:
          'Ubuntu 24.04 (noble) for arm64 cannot be made with debootstrap: http://archive.ubuntu.com/ubuntu serves amd64 only. Build it natively or with --base registry.',
      }),
    );
  });

  it('refuses a distro debootstrap cannot make', () => {
    expect(() => planDebootstrap(getDistro('alpine-3'), { root: '/r', keyring: null })).toThrow(
      'alpine-3 has no debootstrap source',
    );
  });
});
