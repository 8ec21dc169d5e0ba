import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Distro, debootstrapBaseImage, debootstrapKeyringPath } from '@helios/images';
import { commandFailed, run } from './commands.ts';
import { planDebootstrap } from './debootstrap-plan.ts';
import { imageExists } from './docker-engine.ts';
import { BuildError, ERROR_CODES } from './errors.ts';
import type { ArchPlan } from './image-arch.ts';
import { relabelArchitecture } from './image-relabel.ts';

/** Options of {@link ensureDebootstrapBase}. */
export interface DebootstrapBaseOptions {
  /** Make it again even when the image exists. @default false */
  readonly refresh?: boolean;
  /** @default stderr */
  readonly log?: (line: string) => void;
  /**
   * For another architecture than the engine's: debootstrap `--arch`, its
   * second stage and `docker import --platform` follow the plan (the second
   * stage runs under qemu through binfmt_misc). @default the engine's architecture
   */
  readonly plan?: Pick<ArchPlan, 'arch' | 'platform' | 'emulated' | 'debootstrapBase'>;
}

/**
 * Makes the distro's base image locally with debootstrap + `docker import`,
 * for machines that cannot reach an image registry. Reuses an existing one.
 * @returns the local image name.
 */
export async function ensureDebootstrapBase(
  distro: Distro,
  options: DebootstrapBaseOptions = {},
): Promise<string> {
  const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const plan = options.plan?.emulated ? options.plan : null;
  const image = plan ? plan.debootstrapBase : debootstrapBaseImage(distro);
  if (!distro.debootstrap) {
    throw new BuildError(
      ERROR_CODES.NO_DEBOOTSTRAP,
      `${distro.title} cannot be made with debootstrap here. Use --base registry where ${distro.registryBase} can be pulled.`,
    );
  }
  if (!options.refresh && (await imageExists(image))) {
    // A run stopped between import and relabel left it mislabelled; a no-op otherwise.
    if (plan) await relabelArchitecture(image, plan.arch);
    return image;
  }
  const which = await run('sh', ['-c', 'command -v debootstrap'], { reject: false });
  if (which.failed) {
    throw new BuildError(
      ERROR_CODES.NO_DEBOOTSTRAP,
      'debootstrap is not installed. Install it (apt-get install debootstrap) or use --base registry.',
    );
  }
  const root = mkdtempSync(join(tmpdir(), `helios-${distro.name}-rootfs-`));
  try {
    log(
      `making ${image} with debootstrap ${distro.debootstrap.suite} from ${distro.debootstrap.mirror}` +
        (plan ? ` for ${plan.arch} (second stage emulated: several minutes)` : ''),
    );
    // A foreign --arch runs the second stage in the chroot through binfmt_misc
    // (checked before: binfmt-check.ts), as qemu-debootstrap used to arrange.
    const steps = planDebootstrap(distro, {
      root,
      ...(plan ? { foreignArch: plan.arch } : {}),
      keyring: debootstrapKeyringPath(distro),
    });
    await run('debootstrap', [...steps.args]).catch(commandFailed());
    // Ubuntu: the release, -updates and -security pockets with universe, as
    // the registry image lists them; the deps stage installs from universe.
    if (steps.sourcesList) writeFileSync(join(root, 'etc/apt/sources.list'), steps.sourcesList);
    // Fixes from those pockets go into the base itself: upgraded in a later
    // image layer, each package would be stored twice (~50 MB on noble).
    if (steps.upgrade) {
      await run('chroot', [
        root,
        '/usr/bin/env',
        '-i',
        'PATH=/usr/sbin:/usr/bin:/sbin:/bin',
        'DEBIAN_FRONTEND=noninteractive',
        'sh',
        '-c',
        'apt-get -q update && apt-get -qy upgrade',
      ]).catch(commandFailed());
    }
    // Like Docker's own slim bases: no apt lists or caches, docs, man pages or
    // translations (deps.sh keeps them out of later installs with dpkg rules).
    await run('sh', [
      '-c',
      `cd "${root}" && rm -rf var/lib/apt/lists/* var/cache/apt/* usr/share/man/* usr/share/info/* ` +
        'usr/share/locale/* var/log/*.log && find usr/share/doc -type f ! -name copyright -delete',
    ]).catch(commandFailed());
    // tar | docker import: the pipe fails when either side does. The tarball is
    // not buffered (buffer: false): a root file system is larger than execa's maxBuffer.
    await run('tar', ['-C', root, '-c', '.'], { stderr: 'inherit', buffer: false })
      .pipe('docker', [
        'import',
        ...(plan ? ['--platform', plan.platform] : []),
        '--message',
        `debootstrap ${distro.debootstrap.suite}`,
        '-',
        image,
      ])
      .catch(commandFailed());
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
  if (plan) await relabelArchitecture(image, plan.arch);
  return image;
}
