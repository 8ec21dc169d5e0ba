/**
 * Gives a local image the architecture of its files. `docker import
 * --platform` sets it only on an engine in experimental mode; elsewhere (the
 * Debian docker.io engine here) an imported arm64 root file system is
 * labelled with the engine's own architecture, and so is every image built
 * FROM it. Relabelling once, at the base, fixes the whole chain: the classic
 * builder copies the base's architecture into each image it builds.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';
import { commandFailed, run } from './commands.ts';
import { imageArchitecture } from './docker-engine.ts';
import type { ImageArch } from './image-arch.ts';

const saveManifest = z.array(z.object({ Config: z.string() })).length(1);

/** The image config JSON `text` with its `architecture` set to `arch`. Pure. */
export function withArchitecture(text: string, arch: ImageArch): string {
  const config = z.looseObject({ architecture: z.string() }).parse(JSON.parse(text));
  return JSON.stringify({ ...config, architecture: arch });
}

/**
 * Makes `image` say `arch` (docker save, rewrite its config, docker load),
 * unless it already does. The layers stay as they are.
 */
export async function relabelArchitecture(image: string, arch: ImageArch): Promise<void> {
  if ((await imageArchitecture(image)) === arch) return;
  const oldId = (
    await run('docker', ['image', 'inspect', '--format', '{{.Id}}', image]).catch(commandFailed())
  ).stdout;
  const work = mkdtempSync(join(tmpdir(), 'helios-relabel-'));
  try {
    await run('docker', ['save', image], { buffer: false, stderr: 'inherit' })
      .pipe('tar', ['-C', work, '-x'])
      .catch(commandFailed());
    const [entry] = saveManifest.parse(JSON.parse(readFileSync(join(work, 'manifest.json'), 'utf8')));
    const configPath = join(work, entry?.Config ?? '');
    writeFileSync(configPath, withArchitecture(readFileSync(configPath, 'utf8'), arch));
    await run('tar', ['-C', work, '-c', '.'], { buffer: false, stderr: 'inherit' })
      .pipe('docker', ['load', '--quiet'])
      .catch(commandFailed());
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  // The load moved the tag; the old, mislabelled image is left without one.
  await run('docker', ['image', 'rm', oldId.trim()], { reject: false });
}
