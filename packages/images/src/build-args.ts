import type { Distro } from './distro-matrix.ts';

/** The `--build-arg`s docker/Dockerfile understands. */
export interface BuildArgs {
  /** Image to start from: a registry image or a locally imported debootstrap base. */
  readonly BASE_IMAGE: string;
  /** Distro name, for logs and `/etc/helios/release`. */
  readonly HELIOS_DISTRO: string;
  /** Package family: which list of the package map is installed. */
  readonly HELIOS_FAMILY: string;
}

/** Build args for `distro`, starting from `baseImage` (defaults to its registry base). */
export function buildArgs(distro: Distro, baseImage: string = distro.registryBase): BuildArgs {
  return Object.freeze({
    BASE_IMAGE: baseImage,
    HELIOS_DISTRO: distro.name,
    HELIOS_FAMILY: distro.family,
  });
}

/** Name of the local base image that `helios build --base debootstrap` imports. */
export function debootstrapBaseImage(distro: Distro): string {
  return `helios-base:${distro.name}-debootstrap`;
}
