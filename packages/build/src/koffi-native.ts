/**
 * koffi's native module for the image's architecture. The init bundle ships
 * the one of the machine that built it (linux-x64 here, see
 * packages/init/tsup.config.ts); an image of another architecture gets the
 * prebuilt module koffi publishes for it on npm, at the same version.
 */
import { join } from 'node:path';
import { heliosCacheDir } from './cache-dir.ts';
import { archFacts, type ImageArch } from './image-arch.ts';
import { registryFile } from './registry-file.ts';

/** The koffi version @helios/init depends on. Kept equal to its package.json by a test. */
export const KOFFI_VERSION = '3.3.4';

/** Options of {@link koffiNativeModule}. */
export interface KoffiNativeOptions {
  readonly arch: ImageArch;
  /** @default `~/.cache/helios/koffi` */
  readonly cacheDir?: string;
  /** @default npm_config_registry, else https://registry.npmjs.org/ */
  readonly registry?: string;
}

/**
 * `koffi.node` (glibc build) for `arch`, fetched once.
 * @returns its path in the cache.
 * @throws {BuildError} `HELIOS_BUILD_MISSING_ARTIFACT` when the registry cannot give it.
 */
export function koffiNativeModule(options: KoffiNativeOptions): Promise<string> {
  const { koffi } = archFacts(options.arch);
  return registryFile({
    name: koffi.package,
    version: KOFFI_VERSION,
    file: koffi.file,
    what: "init's koffi module",
    cacheDir: options.cacheDir ?? join(heliosCacheDir(), 'koffi'),
    ...(options.registry ? { registry: options.registry } : {}),
  });
}
