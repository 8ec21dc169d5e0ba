import { type Distro, distros } from '@helios/images';
import { run } from './commands.ts';
import { localImageName } from './image-build.ts';

/** Size of one built image. */
export interface ImageSize {
  readonly distro: Distro;
  /** Uncompressed size in bytes (`docker image inspect`), or null when not built here. */
  readonly bytes: number | null;
}

/** Sizes of every distro's local image `helios:<distro>`. */
export async function imageSizes(): Promise<readonly ImageSize[]> {
  const sizes: ImageSize[] = [];
  for (const distro of distros) {
    const inspect = ['image', 'inspect', '--format', '{{.Size}}', localImageName(distro)];
    const result = await run('docker', inspect, { reject: false });
    sizes.push({ distro, bytes: result.failed ? null : Number(result.stdout.trim()) });
  }
  return sizes;
}

/** The README table of image sizes (MB = 10^6 bytes, as `docker images` prints). */
export function formatSizeTable(sizes: readonly ImageSize[]): string {
  const rows = sizes.map(({ distro, bytes }) => {
    const size = bytes === null ? 'not built here' : `${Math.round(bytes / 1e6)} MB`;
    return `| ${distro.name} | ${distro.title} | ${size} |`;
  });
  return ['| distro | release | image size (uncompressed) |', '| --- | --- | --- |', ...rows].join('\n');
}
