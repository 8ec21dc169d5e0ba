/**
 * One multi-architecture tag for the images of a distro. The classic image
 * store of a Docker engine holds one image per tag, so a tag that names both
 * architectures (a manifest list) can only live in a registry: each image is
 * pushed under its own tag, then `docker manifest` joins them.
 */
import type { Distro } from '@helios/images';
import { commandFailed, run } from './commands.ts';
import { imageArchitecture } from './docker-engine.ts';
import { BuildError, ERROR_CODES } from './errors.ts';
import { IMAGE_ARCHES, type ImageArch } from './image-arch.ts';
import { localImageName } from './image-build.ts';

/** A local image and the architecture its config names. */
export interface LocalArchImage {
  readonly image: string;
  readonly arch: ImageArch;
}

/** What {@link planManifestList} decides: what to push where, and the list that joins them. */
export interface ManifestListPlan {
  readonly pushes: readonly { readonly local: string; readonly remote: string }[];
  /** The multi-architecture tag, e.g. `127.0.0.1:5000/helios:bookworm`. */
  readonly list: string;
  /** True for a registry on the loopback: plain HTTP, as the engine allows there. */
  readonly insecure: boolean;
}

const LOOPBACK = /^(localhost|127\.\d+\.\d+\.\d+|\[::1\])(:\d+)?$/;

/**
 * Plans the multi-architecture tag `<registry>/helios:<distro>` over one
 * image per architecture (`<registry>/helios:<distro>-<arch>`). Pure.
 * @throws {BuildError} `HELIOS_BUILD_MISSING_ARTIFACT` when an architecture has no image.
 */
export function planManifestList(
  distro: Distro,
  registry: string,
  images: readonly LocalArchImage[],
): ManifestListPlan {
  const missing = IMAGE_ARCHES.filter((arch) => !images.some((image) => image.arch === arch));
  if (missing.length > 0) {
    throw new BuildError(
      ERROR_CODES.MISSING_ARTIFACT,
      `No ${missing.join(', ')} image of ${distro.name} is built here: a multi-architecture tag needs one per architecture. ` +
        `Build it first: ${missing.map((arch) => `helios build ${distro.name} --arch ${arch}`).join('; ')}.`,
    );
  }
  const base = `${registry.replace(/\/+$/, '')}/helios:${distro.name}`;
  return Object.freeze({
    pushes: IMAGE_ARCHES.map((arch) => ({
      local: images.find((image) => image.arch === arch)?.image ?? '',
      remote: `${base}-${arch}`,
    })),
    list: base,
    insecure: LOOPBACK.test(registry.split('/')[0] ?? ''),
  });
}

/**
 * The distro's local images by the architecture their configs name:
 * `helios:<distro>` (the engine's) and `helios:<distro>-<arch>` (emulated).
 */
async function localArchImages(distro: Distro): Promise<LocalArchImage[]> {
  const candidates = [
    localImageName(distro),
    ...IMAGE_ARCHES.map((arch) => `${localImageName(distro)}-${arch}`),
  ];
  const found: LocalArchImage[] = [];
  for (const image of candidates) {
    const arch = await imageArchitecture(image);
    if ((arch === 'amd64' || arch === 'arm64') && !found.some((f) => f.arch === arch)) {
      found.push({ image, arch });
    }
  }
  return found;
}

/**
 * Pushes each architecture's image of `distro` to `registry` and makes
 * `<registry>/helios:<distro>` the tag of both.
 * @returns the multi-architecture tag.
 */
export async function pushManifestList(
  distro: Distro,
  registry: string,
  log: (line: string) => void,
): Promise<string> {
  const plan = planManifestList(distro, registry, await localArchImages(distro));
  for (const { local, remote } of plan.pushes) {
    log(`pushing ${local} as ${remote}`);
    await run('docker', ['tag', local, remote]).catch(commandFailed());
    await run('docker', ['push', remote]).catch(commandFailed());
  }
  const insecure = plan.insecure ? ['--insecure'] : [];
  // docker manifest is an experimental command of the 20.10 CLI.
  const env = { DOCKER_CLI_EXPERIMENTAL: 'enabled' };
  const members = plan.pushes.map((push) => push.remote);
  await run('docker', ['manifest', 'create', ...insecure, '--amend', plan.list, ...members], { env }).catch(
    commandFailed(),
  );
  await run('docker', ['manifest', 'push', ...insecure, '--purge', plan.list], { env }).catch(
    commandFailed(),
  );
  return plan.list;
}
