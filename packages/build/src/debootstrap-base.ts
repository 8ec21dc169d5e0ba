import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Distro, debootstrapBaseImage } from '@helios/images';
import { imageExists } from './docker-engine.ts';
import { BuildError } from './errors.ts';
import { runChecked, runCommand } from './run-command.ts';

/**
 * Makes the distro's base image locally with debootstrap + `docker import`,
 * for machines that cannot reach an image registry. Reuses an existing one.
 * @returns the local image name.
 */
export async function ensureDebootstrapBase(
  distro: Distro,
  options: { refresh?: boolean; log?: (line: string) => void } = {},
): Promise<string> {
  const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const image = debootstrapBaseImage(distro);
  if (!distro.debootstrap) {
    throw new BuildError(
      'HELIOS_BUILD_NO_DEBOOTSTRAP',
      `${distro.title} cannot be made with debootstrap here. Use --base registry where ${distro.registryBase} can be pulled.`,
    );
  }
  if (!options.refresh && (await imageExists(image))) return image;
  const which = await runCommand('sh', ['-c', 'command -v debootstrap']);
  if (which.code !== 0) {
    throw new BuildError(
      'HELIOS_BUILD_NO_DEBOOTSTRAP',
      'debootstrap is not installed. Install it (apt-get install debootstrap) or use --base registry.',
    );
  }
  const root = mkdtempSync(join(tmpdir(), `helios-${distro.name}-rootfs-`));
  try {
    log(`making ${image} with debootstrap ${distro.debootstrap.suite} from ${distro.debootstrap.mirror}`);
    await runChecked('debootstrap', [
      '--variant=minbase',
      distro.debootstrap.suite,
      root,
      distro.debootstrap.mirror,
    ]);
    // Like Docker's own slim bases: no apt lists or caches, docs, man pages or
    // translations (deps.sh keeps them out of later installs with dpkg rules).
    await runChecked('sh', [
      '-c',
      `cd "${root}" && rm -rf var/lib/apt/lists/* var/cache/apt/* usr/share/man/* usr/share/info/* ` +
        'usr/share/locale/* var/log/*.log && find usr/share/doc -type f ! -name copyright -delete',
    ]);
    const tar = spawn('tar', ['-C', root, '-c', '.'], { stdio: ['ignore', 'pipe', 'inherit'] });
    await runChecked(
      'docker',
      ['import', '--message', `debootstrap ${distro.debootstrap.suite}`, '-', image],
      {
        stdin: tar.stdout,
      },
    );
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
  return image;
}
