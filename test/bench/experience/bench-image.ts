import { copyFile, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';
import { repoRoot } from '../../support/repo.ts';

/**
 * The benchmark's child image: `helios:<distro>` plus three tiny X clients
 * from test/fixtures/bench-image/ (keypaint, motion, damagecount). They are
 * compiled on the host, which is bookworm here: the oldest glibc of the matrix,
 * so the binaries also run on the trixie and sid images.
 * Run alone: `node test/bench/experience/bench-image.ts [distro]`.
 */

const fixtureDir = join(repoRoot, 'test', 'fixtures', 'bench-image');

/** Where the binaries are compiled; it is also the Docker build context. */
const benchBuildDir = join(repoRoot, 'test', '.helios-bench');

/** The X clients and the libraries each one links. */
const TOOLS = [
  { name: 'keypaint', libs: ['-lX11'] },
  { name: 'motion', libs: ['-lX11', '-lXext', '-lm'] },
  { name: 'damagecount', libs: ['-lX11', '-lXdamage'] },
] as const;

const HOST_PACKAGES = 'apt-get install gcc libx11-dev libxext-dev libxdamage-dev';

async function compile(tool: (typeof TOOLS)[number]): Promise<void> {
  const source = join(fixtureDir, `${tool.name}.c`);
  const output = join(benchBuildDir, tool.name);
  const result = await execa('gcc', ['-O2', '-Wall', '-Werror', '-o', output, source, ...tool.libs], {
    all: true,
    reject: false,
  });
  if (result.failed && result.code === 'ENOENT') {
    throw new Error(`gcc missing: ${HOST_PACKAGES}`, { cause: result });
  }
  if (result.exitCode !== 0) {
    // A missing header or library is the usual cause on a fresh host; name the packages.
    const missing = /No such file or directory|cannot find -l/.test(result.all ?? '');
    const hint = missing ? `X11 development files missing: ${HOST_PACKAGES}\n` : '';
    throw new Error(`${hint}compiling ${source} failed:\n${result.all}`, { cause: result });
  }
}

/**
 * Compiles the X clients and builds `helios-bench:<distro>` FROM `helios:<distro>`
 * with the classic builder (no BuildKit here).
 * @param tag the image's tag, for a benchmark that must not share `helios-bench:<distro>`
 *   with others running at the same time. @default `helios-bench:<distro>`
 * @returns the tag of the built image.
 */
export async function buildBenchImage(distro: string, tag = `helios-bench:${distro}`): Promise<string> {
  if (!/^[a-z]+$/.test(distro))
    throw new Error(`distro must be a codename such as bookworm, got "${distro}"`);
  const base = `helios:${distro}`;
  await mkdir(benchBuildDir, { recursive: true });
  await Promise.all(TOOLS.map(compile));
  await copyFile(join(fixtureDir, 'Xvnc'), join(benchBuildDir, 'Xvnc'));

  const inspect = await execa('docker', ['image', 'inspect', base], { all: true, reject: false });
  if (inspect.failed && inspect.code === 'ENOENT') throw new Error('docker missing', { cause: inspect });
  if (inspect.exitCode !== 0) {
    throw new Error(`${base} missing: node packages/build/dist/cli.js build ${distro}\n${inspect.all}`, {
      cause: inspect,
    });
  }

  const build = await execa(
    'docker',
    [
      'build',
      '--network',
      'host',
      '--build-arg',
      `HELIOS_IMAGE=${base}`,
      '--tag',
      tag,
      '--file',
      join(fixtureDir, 'Dockerfile'),
      benchBuildDir,
    ],
    { env: { DOCKER_BUILDKIT: '0' }, all: true, reject: false },
  );
  if (build.exitCode !== 0) throw new Error(`docker build of ${tag} failed:\n${build.all}`, { cause: build });
  return tag;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  console.log(await buildBenchImage(process.argv[2] ?? 'bookworm'));
}
