import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);

const repoRoot = fileURLToPath(new URL('../../../../', import.meta.url));
const sourceDir = join(repoRoot, 'native/video-encoder');
const cacheRoot = join(repoRoot, 'node_modules/.cache/helios-video-encoder');

// The same flags as native/video-encoder/build.sh, minus pkg-config: the host
// has the libraries in the default search paths.
const compileFlags = ['-O2', '-Wall', '-Wextra', '-std=gnu11'] as const;
const linkFlags = ['-lx264', '-lXdamage', '-lXext', '-lX11', '-lm'] as const;
const devPackages = 'gcc libc6-dev libx264-dev libx11-dev libxext-dev libxdamage-dev';

function sources(): string[] {
  if (!existsSync(sourceDir)) throw new Error(`video encoder sources not found at ${sourceDir}`);
  return readdirSync(sourceDir)
    .filter((name) => name.endsWith('.c') || name.endsWith('.h'))
    .sort();
}

function sourceHash(files: readonly string[]): string {
  const hash = createHash('sha256');
  hash.update([...compileFlags, ...linkFlags].join(' '));
  for (const name of files) {
    hash.update(`\0${name}\0`);
    hash.update(readFileSync(join(sourceDir, name)));
  }
  return hash.digest('hex').slice(0, 16);
}

let pending: Promise<string> | undefined;

/**
 * Path of a `helios-video-encoder` compiled on this host from
 * native/video-encoder. Compiled once per source hash into
 * `node_modules/.cache/helios-video-encoder/<hash>/` and reused while the
 * sources are unchanged; parallel test workers each compile to a temporary
 * name and rename, so no worker ever runs a half-written binary.
 * @throws when the compiler or the -dev packages are missing, naming them.
 */
export function videoEncoderBinary(): Promise<string> {
  pending ??= compile().finally(() => {
    pending = undefined;
  });
  return pending;
}

async function compile(): Promise<string> {
  const files = sources();
  const dir = join(cacheRoot, sourceHash(files));
  const binary = join(dir, 'helios-video-encoder');
  if (existsSync(binary)) return binary;
  mkdirSync(dir, { recursive: true });
  const partial = `${binary}.${process.pid}.${Date.now()}.partial`;
  const cFiles = files.filter((name) => name.endsWith('.c')).map((name) => join(sourceDir, name));
  try {
    await run('cc', [...compileFlags, '-o', partial, ...cFiles, ...linkFlags], { timeout: 120_000 });
  } catch (error) {
    rmSync(partial, { force: true });
    const stderr = (error as { stderr?: string }).stderr ?? String(error);
    throw new Error(
      `could not compile the video encoder from ${sourceDir}: install the build packages ` +
        `(apt-get install -y ${devPackages}; listed in scripts/test-packages.txt)\n${stderr}`,
      { cause: error },
    );
  }
  renameSync(partial, binary);
  return binary;
}
