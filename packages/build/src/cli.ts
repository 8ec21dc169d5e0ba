/**
 * The `helios` command. Only this file decides exit codes:
 * 0 success, 1 failure, 2 usage error.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { composeFile, distros, getDistro, ImagesError, imageTag, kubernetesManifests } from '@helios/images';
import { ZodError } from 'zod';
import { type CliCommand, parseCli, usage } from './cli-args.ts';
import { assertDockerEngine } from './docker-engine.ts';
import { BuildError } from './errors.ts';
import { buildImage } from './image-build.ts';
import { formatSizeTable, imageSizes } from './image-sizes.ts';
import { readFamilyList } from './package-lists.ts';
import { findRepoRoot } from './repo-root.ts';
import { runDesktop } from './run-desktop.ts';
import { formatPlan, planStages } from './stage-plan.ts';

async function execute(command: CliCommand): Promise<void> {
  switch (command.kind) {
    case 'help':
      process.stdout.write(`${usage}\n`);
      return;
    case 'tags':
      for (const distro of command.distro ? [getDistro(command.distro)] : distros) {
        const tags = [imageTag(distro, { kind: 'unstable' }), imageTag(distro, { kind: 'testing' })];
        if (command.release) tags.unshift(imageTag(distro, { kind: 'release', version: command.release }));
        process.stdout.write(`${distro.name}\t${tags.join(' ')}\n`);
      }
      return;
    case 'lists': {
      const map = command.map ?? join(findRepoRoot(command.root), 'common', 'packages.yaml');
      process.stdout.write(`${(await readFamilyList(map, command.family)).join(' ')}\n`);
      return;
    }
    case 'build': {
      const distro = getDistro(command.distro);
      const repoRoot = findRepoRoot(command.root);
      if (command.listStages) {
        const { stages } = planStages(distro.name, (path) => existsSync(join(repoRoot, path)));
        process.stdout.write(`${formatPlan(distro.name, stages)}\n`);
        return;
      }
      const image = await buildImage(distro, { repoRoot, base: command.base, tags: command.tags });
      process.stdout.write(`${image}\n`);
      return;
    }
    case 'sizes':
      await assertDockerEngine();
      process.stdout.write(`${formatSizeTable(await imageSizes())}\n`);
      return;
    case 'compose':
    case 'k8s': {
      const render = command.kind === 'compose' ? composeFile : kubernetesManifests;
      const { kind: _kind, distro, ...options } = command;
      try {
        process.stdout.write(render(getDistro(distro), options));
      } catch (error) {
        if (!(error instanceof ZodError)) throw error;
        const issue = error.issues[0];
        const [option, key] = issue?.path ?? [];
        const flag =
          option === 'env'
            ? `--env ${String(key)}`
            : `--${String(option).replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;
        throw new BuildError('HELIOS_BUILD_USAGE', `Invalid ${flag}: expected ${issue?.message}.`, {
          cause: error,
        });
      }
      return;
    }
    case 'up': {
      const distro = getDistro(command.distro);
      await buildImage(distro, { repoRoot: findRepoRoot(command.root), base: command.base });
      const url = await runDesktop(distro, { port: command.port });
      process.stdout.write(
        `\nThe ${distro.title} desktop is ready: open ${url}\nStop it with: docker stop helios-${distro.name}\n`,
      );
      return;
    }
  }
}

async function main(argv: readonly string[]): Promise<number> {
  try {
    await execute(parseCli(argv));
    return 0;
  } catch (error) {
    if (error instanceof BuildError || error instanceof ImagesError) {
      process.stderr.write(`helios: ${error.message} [${error.code}]\n`);
      const usageCodes = ['HELIOS_BUILD_USAGE', 'HELIOS_IMAGES_UNKNOWN_DISTRO'];
      return usageCodes.includes(error.code) ? 2 : 1;
    }
    throw error;
  }
}

process.exitCode = await main(process.argv.slice(2));
