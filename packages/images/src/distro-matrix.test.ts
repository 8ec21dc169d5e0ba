import { describe, expect, it } from 'vitest';
import { buildArgs, debootstrapBaseImage } from './build-args.ts';
import { distros, getDistro } from './distro-matrix.ts';

describe('distros', () => {
  it('lists the nine supported distros with unique names and codenames', () => {
    expect(distros.map((d) => d.name)).toEqual([
      'bookworm',
      'trixie',
      'sid',
      'kali',
      'noble',
      'jammy',
      'alpine-3',
      'rocky-9',
      'alma-9',
    ]);
    expect(new Set(distros.map((d) => d.codename)).size).toBe(distros.length);
  });

  it('builds each package family with its package manager', () => {
    const managers = Object.fromEntries(distros.map((d) => [d.family, d.packageManager]));
    expect(managers).toEqual({ debian: 'apt', ubuntu: 'apt', alpine: 'apk', rhel: 'dnf' });
    for (const distro of distros) expect(distro.packageManager).toBe(managers[distro.family]);
  });

  it('can make the Debian and Ubuntu releases with debootstrap from here', () => {
    expect(distros.filter((d) => d.debootstrap).map((d) => d.name)).toEqual([
      'bookworm',
      'trixie',
      'sid',
      'noble',
      'jammy',
    ]);
  });

  it("leaves Debian's debootstrap to its defaults: suite and mirror only", () => {
    for (const name of ['bookworm', 'trixie', 'sid']) {
      expect(getDistro(name).debootstrap).toEqual({ suite: name, mirror: 'http://deb.debian.org/debian' });
    }
  });

  it("makes Ubuntu from its archive with main and universe, debootstrap's gutsy script and the 2018 key", () => {
    expect(getDistro('noble').debootstrap).toEqual({
      suite: 'noble',
      mirror: 'http://archive.ubuntu.com/ubuntu',
      components: ['main', 'universe'],
      script: 'gutsy',
      keyring: 'ubuntu-archive-2018.gpg',
      pockets: ['updates', 'security'],
    });
    expect(getDistro('jammy').debootstrap).toMatchObject({ suite: 'jammy', script: 'gutsy' });
  });
});

describe('getDistro', () => {
  it('names the known distros when asked for an unknown one', () => {
    expect(() => getDistro('bookwrom')).toThrow(
      'Unknown distro "bookwrom". Expected one of: bookworm, trixie, sid, kali, noble, jammy, alpine-3, rocky-9, alma-9.',
    );
  });
});

describe('buildArgs', () => {
  it('starts from the registry base unless given another base', () => {
    const bookworm = getDistro('bookworm');
    expect(buildArgs(bookworm)).toEqual({
      BASE_IMAGE: 'debian:bookworm-slim',
      HELIOS_DISTRO: 'bookworm',
      HELIOS_FAMILY: 'debian',
    });
    expect(buildArgs(bookworm, debootstrapBaseImage(bookworm)).BASE_IMAGE).toBe(
      'helios-base:bookworm-debootstrap',
    );
  });
});
