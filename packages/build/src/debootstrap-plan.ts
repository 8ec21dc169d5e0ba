import type { Distro } from '@helios/images';
import { BuildError, ERROR_CODES } from './errors.ts';

/** What {@link planDebootstrap} needs beyond the distro. */
export interface DebootstrapPlanInput {
  /** Directory the root file system is made in. */
  readonly root: string;
  /** Debootstrap `--arch`, only for a foreign (emulated) architecture. */
  readonly foreignArch?: string;
  /** Absolute path of the distro's keyring, null for the host's default. */
  readonly keyring: string | null;
}

/** The debootstrap command line and the base's sources.list, decided before anything runs. */
export interface DebootstrapPlan {
  readonly args: readonly string[];
  /** Replaces debootstrap's /etc/apt/sources.list; null keeps the one it writes. */
  readonly sourcesList: string | null;
  /**
   * Whether to `apt-get upgrade` in the chroot from those pockets, so the base
   * holds current packages rather than the release's (a later layer upgrading
   * them would keep both copies in the image).
   */
  readonly upgrade: boolean;
}

/**
 * Plans debootstrap for `distro`. A Debian row (suite and mirror only) gets the
 * command it always had; the optional fields add `--components`, `--keyring`,
 * the script argument, a sources.list with the extra pockets and an upgrade from them.
 * @throws {BuildError} `HELIOS_BUILD_NO_DEBOOTSTRAP` for a foreign-architecture Ubuntu base.
 */
export function planDebootstrap(distro: Distro, input: DebootstrapPlanInput): DebootstrapPlan {
  const source = distro.debootstrap;
  if (!source) throw new TypeError(`${distro.name} has no debootstrap source`);
  // Ubuntu's archive carries amd64 (and i386) only; other architectures live on
  // ports.ubuntu.com, which this row does not name.
  if (input.foreignArch && distro.family === 'ubuntu') {
    throw new BuildError(
      ERROR_CODES.NO_DEBOOTSTRAP,
      `${distro.title} for ${input.foreignArch} cannot be made with debootstrap: ${source.mirror} serves amd64 only. Build it natively or with --base registry.`,
    );
  }
  const args = [
    ...(input.foreignArch ? [`--arch=${input.foreignArch}`] : []),
    '--variant=minbase',
    ...(source.components ? [`--components=${source.components.join(',')}`] : []),
    ...(input.keyring ? [`--keyring=${input.keyring}`] : []),
    source.suite,
    input.root,
    source.mirror,
    ...(source.script ? [source.script] : []),
  ];
  const sourcesList = source.pockets
    ? `${[source.suite, ...source.pockets.map((pocket) => `${source.suite}-${pocket}`)]
        .map((suite) => `deb ${source.mirror} ${suite} ${(source.components ?? ['main']).join(' ')}`)
        .join('\n')}\n`
    : null;
  return Object.freeze({ args: Object.freeze(args), sourcesList, upgrade: sourcesList !== null });
}
