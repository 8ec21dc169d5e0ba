import { copyFileSync, cpSync, existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { Distro } from '@helios/images';
import { BuildError, ERROR_CODES } from './errors.ts';
import type { ImageArch } from './image-arch.ts';
import { imageNodeBinary } from './image-node.ts';
import { koffiNativeModule } from './koffi-native.ts';
import { writeFamilyList } from './package-lists.ts';
import { planStages, type Stage } from './stage-plan.ts';
import { renderStageScript, stageScriptName } from './stage-script.ts';

/** Options of {@link assembleContext}. */
export interface AssembleContextOptions {
  /** Repository root (holds docker/, common/, distros/, packages/). */
  readonly repoRoot: string;
  /** Folder to (re)create as the Docker build context. */
  readonly contextDir: string;
  /** Architecture of the image, which picks its Node build and koffi module. @default 'amd64' */
  readonly arch?: ImageArch;
  /** Node binary copied into the image. @default the pinned Node for `arch` (image-node.ts), from the npm registry */
  readonly nodeBinary?: string;
  /**
   * koffi module for init when `arch` is not {@link BUNDLED_KOFFI_ARCH}.
   * @default koffi's prebuilt module for `arch` (koffi-native.ts), from the npm registry
   */
  readonly koffiNative?: string;
}

/** The architecture of the koffi module the init bundle ships (packages/init/tsup.config.ts). */
const BUNDLED_KOFFI_ARCH: ImageArch = 'amd64';

/**
 * Build outputs of the runtime packages the image runs: in a checkout, from
 * `packages/<name>/` (built by `pnpm turbo build`); elsewhere, from the
 * installed packages, which ship them (`npx helios build` needs no checkout).
 */
const runtimeArtifacts = [
  {
    pkg: '@helios/init',
    dir: 'packages/init',
    from: 'dist/bundle',
    to: 'app/init',
    check: 'helios-init.mjs',
  },
  {
    pkg: '@helios/kclient',
    dir: 'packages/kclient',
    from: 'dist/bundle',
    to: 'app/kclient',
    check: 'helios-kclient.mjs',
  },
  {
    pkg: '@helios/kclient',
    dir: 'packages/kclient',
    from: 'dist/client',
    to: 'app/kclient/client',
    check: 'index.html',
  },
] as const;
type RuntimeArtifact = (typeof runtimeArtifacts)[number];

/** Where one runtime artifact comes from, and how to get it when it is missing. */
function runtimeSource(repoRoot: string, artifact: RuntimeArtifact): { path: string; fix: string } {
  if (existsSync(join(repoRoot, artifact.dir, 'package.json'))) {
    return {
      path: join(repoRoot, artifact.dir, artifact.from),
      fix: `${artifact.pkg} is not built. Run "pnpm turbo build" first.`,
    };
  }
  const installed = dirname(createRequire(import.meta.url).resolve(`${artifact.pkg}/package.json`));
  return { path: join(installed, artifact.from), fix: `reinstall ${artifact.pkg}, which ships it.` };
}

/** The encoder's sources in the repository and in the build context (see docker/Dockerfile). */
const videoEncoderSources = { from: 'native/video-encoder', to: 'video-encoder' } as const;

/** Only what the build stage compiles or runs: a README edit must not rebuild the encoder. */
const isVideoEncoderSource = (name: string) => /\.(c|h|sh)$/.test(name);

/**
 * Copies the sources of helios-video-encoder into `<contextDir>/video-encoder`
 * for the Dockerfile's build stage.
 * @returns the copied file names, sorted.
 */
export function copyVideoEncoderSources(repoRoot: string, contextDir: string): string[] {
  const from = join(repoRoot, videoEncoderSources.from);
  const names = existsSync(from) ? readdirSync(from).filter(isVideoEncoderSource).sort() : [];
  if (!names.includes('build.sh')) {
    throw new BuildError(
      ERROR_CODES.MISSING_ARTIFACT,
      `${videoEncoderSources.from}/build.sh is missing: the image cannot build helios-video-encoder.`,
    );
  }
  const to = join(contextDir, videoEncoderSources.to);
  mkdirSync(to, { recursive: true });
  for (const name of names) copyFileSync(join(from, name), join(to, name));
  return names;
}

/**
 * Assembles the Docker build context for `distro`: the Dockerfile, the sources
 * of the video encoder, the pinned Node runtime, the family's package list, the
 * stage scripts with their plan, the root overlays and the runtime bundles.
 * Every file is derived from the repository, so an unchanged input gives
 * unchanged layers.
 * @returns the stage plan written into the context.
 */
export async function assembleContext(
  distro: Distro,
  options: AssembleContextOptions,
): Promise<readonly Stage[]> {
  const { repoRoot, contextDir } = options;
  const arch = options.arch ?? 'amd64';
  const repo = (path: string) => join(repoRoot, path);
  const ctx = (path: string) => join(contextDir, path);

  // Throws HELIOS_BUILD_MISSING_ARTIFACT naming every missing required script.
  const { stages } = planStages(distro.name, (path) => existsSync(repo(path)));
  const runtime = runtimeArtifacts.map((artifact) => ({ artifact, ...runtimeSource(repoRoot, artifact) }));
  for (const { artifact, path, fix } of runtime) {
    if (!existsSync(join(path, artifact.check))) {
      throw new BuildError(ERROR_CODES.MISSING_ARTIFACT, `${join(path, artifact.check)} is missing: ${fix}`);
    }
  }

  rmSync(contextDir, { recursive: true, force: true });
  mkdirSync(ctx('stages'), { recursive: true });
  copyFileSync(repo('docker/Dockerfile'), ctx('Dockerfile'));
  copyVideoEncoderSources(repoRoot, contextDir);
  mkdirSync(ctx('runtime'));
  copyFileSync(options.nodeBinary ?? (await imageNodeBinary({ arch })), ctx('runtime/node'));
  await writeFamilyList(repo('common/packages.yaml'), distro.family, ctx('lists'));

  for (const stage of stages) {
    if (stage.script && stage.present) {
      mkdirSync(dirname(ctx(join('stages', stage.script))), { recursive: true });
      copyFileSync(repo(stage.source), ctx(join('stages', stage.script)));
    }
  }
  writeFileSync(ctx(join('stages', stageScriptName)), renderStageScript(stages), { mode: 0o755 });

  // Both overlays go into one folder, distro over common, and one COPY: fewer
  // layers, and the classic builder fails on consecutive empty COPY layers.
  mkdirSync(ctx('root/etc/helios'), { recursive: true });
  for (const from of ['common/root', `distros/${distro.name}/root`]) {
    if (existsSync(repo(from))) cpSync(repo(from), ctx('root'), { recursive: true, verbatimSymlinks: true });
  }
  writeFileSync(
    ctx('root/etc/helios/release'),
    `HELIOS_DISTRO=${distro.name}\nHELIOS_FAMILY=${distro.family}\n`,
  );
  for (const { artifact, path } of runtime) cpSync(path, ctx(artifact.to), { recursive: true });
  if (arch !== BUNDLED_KOFFI_ARCH) {
    copyFileSync(options.koffiNative ?? (await koffiNativeModule({ arch })), ctx('app/init/koffi.node'));
  }
  return stages;
}
