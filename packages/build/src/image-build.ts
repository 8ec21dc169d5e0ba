import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { buildArgs, type Distro } from '@helios/images';
import { assertBinfmt } from './binfmt-check.ts';
import { assembleContext } from './build-context.ts';
import { heliosCacheDir } from './cache-dir.ts';
import { commandFailed, describeFailure, run } from './commands.ts';
import { ensureDebootstrapBase } from './debootstrap-base.ts';
import { assertDockerEngine, engineArchitecture, imageArchitecture } from './docker-engine.ts';
import { BuildError, ERROR_CODES } from './errors.ts';
import { type ArchPlan, type ImageArch, parseImageArch, planArch } from './image-arch.ts';

/**
 * Where the base image comes from: a registry, a local debootstrap, or `auto`
 * (the registry when it answers, else debootstrap where the distro allows it).
 */
export type BaseSource = 'auto' | 'registry' | 'debootstrap';

/** Options of {@link buildImage}. */
export interface BuildImageOptions {
  readonly repoRoot: string;
  /** @default 'auto' */
  readonly base?: BaseSource;
  /**
   * Architecture of the image. Another one than the engine's is built under
   * emulation (qemu-user-static through binfmt_misc) and named
   * `helios:<distro>-<arch>`. @default the engine's architecture
   */
  readonly arch?: ImageArch;
  /**
   * Extra tags; the image is always tagged `helios:<distro>` and
   * `helios:unstable-<codename>` (with `-<arch>` when emulated).
   */
  readonly tags?: readonly string[];
  /** Print progress here. @default stderr */
  readonly log?: (line: string) => void;
}

/** The local name every native build gets, used by `helios up` and the e2e tests. */
export function localImageName(distro: Distro): string {
  return `helios:${distro.name}`;
}

/**
 * Pulls `image` for the plan's platform unless a local one of that
 * architecture exists (a single-architecture image store holds one per tag).
 * @returns null when it is there, else why the pull failed.
 */
async function registryBase(image: string, plan: ArchPlan): Promise<string | null> {
  if ((await imageArchitecture(image)) === plan.arch) return null;
  const platform = plan.emulated ? ['--platform', plan.platform] : [];
  const pull = await run('docker', ['pull', ...platform, image], { reject: false });
  return pull.failed ? pull.stderr.trim().split('\n').pop() || pull.shortMessage || 'unknown error' : null;
}

async function resolveBase(
  distro: Distro,
  base: BaseSource,
  plan: ArchPlan,
  log: (line: string) => void,
): Promise<string> {
  if (base === 'debootstrap') return ensureDebootstrapBase(distro, { log, plan });
  const failure = await registryBase(distro.registryBase, plan);
  if (failure === null) return distro.registryBase;
  if (base === 'auto' && distro.debootstrap) {
    log(`${distro.registryBase} cannot be pulled (${failure}); using a debootstrap base instead`);
    return ensureDebootstrapBase(distro, { log, plan });
  }
  throw new BuildError(
    ERROR_CODES.REGISTRY_UNREACHABLE,
    `The base image ${distro.registryBase} cannot be pulled (${failure}). ` +
      (distro.debootstrap
        ? 'Make the base locally instead: --base debootstrap.'
        : `${distro.title} has no debootstrap alternative: build it where its registry is reachable.`),
  );
}

/**
 * Builds the image of `distro` with the classic Docker builder and returns
 * its local name. The context is assembled under `<repoRoot>/.helios/context/<distro>` in a
 * checkout, else under `~/.cache/helios/context/<distro>`.
 */
export async function buildImage(distro: Distro, options: BuildImageOptions): Promise<string> {
  const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  await assertDockerEngine();
  const engineArch = parseImageArch(await engineArchitecture());
  const plan = planArch(distro, options.arch ?? engineArch, engineArch);
  assertBinfmt(plan);
  const baseImage = await resolveBase(distro, options.base ?? 'auto', plan, log);
  // In a checkout beside it (gitignored); outside one (the assets of an installed
  // @helios/images), in the user's cache rather than inside node_modules.
  const inCheckout = existsSync(join(options.repoRoot, 'pnpm-workspace.yaml'));
  const contextDir = join(
    inCheckout ? join(options.repoRoot, '.helios') : heliosCacheDir(),
    'context',
    // Its own folder per architecture: a native build must not delete an emulated one's context.
    plan.emulated ? `${distro.name}-${plan.arch}` : distro.name,
  );
  await assembleContext(distro, { repoRoot: options.repoRoot, contextDir, arch: plan.arch });

  const name = plan.image;
  const tags = [...plan.tags, ...(options.tags ?? [])];
  const args = Object.entries(buildArgs(distro, baseImage)).flatMap(([key, value]) => [
    '--build-arg',
    `${key}=${value}`,
  ]);
  log(
    `building ${tags.join(', ')} for ${plan.platform} from ${baseImage}${plan.emulated ? ' (emulated: slow)' : ''}`,
  );
  const started = performance.now();
  // Host networking: the build reaches the package mirror without a bridge network.
  // The output streams live: the stage runner prefixes each line with its stage.
  await run(
    'docker',
    [
      'build',
      '--network',
      'host',
      // Only when emulated: a native build stays the command it always was.
      ...(plan.emulated ? ['--platform', plan.platform] : []),
      ...tags.flatMap((tag) => ['-t', tag]),
      ...args,
      contextDir,
    ],
    {
      stdout: 'inherit',
      stderr: 'inherit',
      env: { DOCKER_BUILDKIT: '0' },
    },
  ).catch(
    commandFailed((failure) =>
      failure.exitCode === undefined
        ? describeFailure(failure)
        : `docker build of ${distro.name} failed (exit ${failure.exitCode}); see the output above.`,
    ),
  );
  log(`built ${name} in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  return name;
}
