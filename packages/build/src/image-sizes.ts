import { type Distro, distros } from '@helios/images';
import { run } from './commands.ts';
import { IMAGE_ARCHES, type ImageArch } from './image-arch.ts';
import { localImageName } from './image-build.ts';

/** Size of one built image. */
export interface ImageSize {
  readonly distro: Distro;
  /** Set for an image of another architecture than the engine's (`helios:<distro>-<arch>`). */
  readonly arch?: ImageArch;
  /** Uncompressed size in bytes (`docker image inspect`), or null when not built here. */
  readonly bytes: number | null;
}

async function sizeOf(image: string): Promise<number | null> {
  const result = await run('docker', ['image', 'inspect', '--format', '{{.Size}}', image], { reject: false });
  return result.failed ? null : Number(result.stdout.trim());
}

/**
 * Sizes of every distro's local image `helios:<distro>`, each followed by its
 * emulated builds `helios:<distro>-<arch>` where they exist.
 */
export async function imageSizes(): Promise<readonly ImageSize[]> {
  const sizes: ImageSize[] = [];
  for (const distro of distros) {
    sizes.push({ distro, bytes: await sizeOf(localImageName(distro)) });
    for (const arch of IMAGE_ARCHES) {
      const bytes = await sizeOf(`${localImageName(distro)}-${arch}`);
      if (bytes !== null) sizes.push({ distro, arch, bytes });
    }
  }
  return sizes;
}

/** The README table of image sizes (MB = 10^6 bytes, as `docker images` prints). */
export function formatSizeTable(sizes: readonly ImageSize[]): string {
  const rows = sizes.map(({ distro, arch, bytes }) => {
    const size = bytes === null ? 'not built here' : `${Math.round(bytes / 1e6)} MB`;
    return `| ${distro.name}${arch ? ` (${arch})` : ''} | ${distro.title} | ${size} |`;
  });
  return ['| distro | release | image size (uncompressed) |', '| --- | --- | --- |', ...rows].join('\n');
}
