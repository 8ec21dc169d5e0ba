/**
 * The Node runtime an image carries: pinned here, fetched from the npm
 * registry for the image's architecture (`node-linux-<arch>`, the same
 * packages scripts/toolchain.sh installs), never the Node that happens to run
 * the CLI. Checked against the registry's sha512 integrity, stripped of debug
 * info, and cached per version and architecture.
 */
import { join } from 'node:path';
import { heliosCacheDir } from './cache-dir.ts';
import { run } from './commands.ts';
import { archFacts, type ImageArch } from './image-arch.ts';
import { registryFile } from './registry-file.ts';

/** The Node version every image runs (init, the gateway). Kept equal to the repository's .nvmrc by a test. */
export const IMAGE_NODE_VERSION = '26.10.0';

/** Where fetched runtimes are kept: shared by every checkout of the machine. */
function defaultNodeCacheDir(): string {
  return join(heliosCacheDir(), 'node');
}

/** Options of {@link imageNodeBinary}. */
export interface ImageNodeOptions {
  /** Architecture of the image. */
  readonly arch: ImageArch;
  /** @default {@link defaultNodeCacheDir} */
  readonly cacheDir?: string;
  /** @default npm_config_registry, else https://registry.npmjs.org/ */
  readonly registry?: string;
  /** @default {@link IMAGE_NODE_VERSION} */
  readonly version?: string;
}

/**
 * Official Node binaries carry ~35 MB of debug info the image never needs.
 * The first of the architecture's strip tools ({@link archFacts}) that
 * works strips it; without one it still runs, only larger.
 */
async function stripDebugInfo(path: string, arch: ImageArch): Promise<void> {
  const tools = archFacts(arch).stripTools;
  for (const tool of tools) {
    const strip = await run(tool, ['--strip-all', path], { reject: false });
    if (!strip.failed) return;
  }
  process.stderr.write(
    `cannot strip the ${arch} Node (tried ${tools.join(', ')}): the image gets it unstripped\n`,
  );
}

/**
 * The stripped Node binary for the image, fetched once per version and
 * architecture.
 * @returns its path in the cache.
 * @throws {BuildError} `HELIOS_BUILD_MISSING_ARTIFACT` when the registry cannot
 * give it or it does not match its integrity.
 */
export function imageNodeBinary(options: ImageNodeOptions): Promise<string> {
  return registryFile({
    name: archFacts(options.arch).nodePackage,
    version: options.version ?? IMAGE_NODE_VERSION,
    file: 'package/bin/node',
    what: "the image's Node runtime",
    cacheDir: options.cacheDir ?? defaultNodeCacheDir(),
    ...(options.registry ? { registry: options.registry } : {}),
    prepare: (path) => stripDebugInfo(path, options.arch),
  });
}
