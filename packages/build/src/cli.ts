/**
 * The `helios` command. Only this file decides exit codes ({@link EXIT_CODES})
 * and writes errors, one per line: `helios: <CODE>: <message>`.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  composeFile,
  distros,
  getDistro,
  ERROR_CODES as IMAGES_ERROR_CODES,
  ImagesError,
  imageTag,
  kubernetesManifests,
} from '@helios/images';
import { ZodError } from 'zod';
import { type CliCommand, parseCli, usage } from './cli-args.ts';
import { assertDockerEngine } from './docker-engine.ts';
import { BuildError, ERROR_CODES } from './errors.ts';
import { EXIT_CODES } from './exit-codes.ts';
import { formatArchPlan, parseImageArch, planArch } from './image-arch.ts';
import { buildImage } from './image-build.ts';
import { formatSizeTable, imageSizes } from './image-sizes.ts';
import { pushManifestList } from './manifest-list.ts';
import { readFamilyList } from './package-lists.ts';
import { findRepoRoot } from './repo-root.ts';
import { runDesktop } from './run-desktop.ts';
import { formatPlan, planStages } from './stage-plan.ts';

async function execute(command: CliCommand): Promise<void> {
  switch (command.kind) {
    case 'help':
      process.stdout.write(`${usage}\n`);
      return;
    case 'version':
      process.stdout.write(`${version()}\n`);
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
        // The plan only: the Docker engine may be elsewhere, so this machine's architecture stands for it.
        if (command.arch) {
          const plan = planArch(distro, command.arch, parseImageArch(process.arch));
          process.stdout.write(`${formatArchPlan(plan)}\n`);
        }
        return;
      }
      const image = await buildImage(distro, {
        repoRoot,
        base: command.base,
        tags: command.tags,
        ...(command.arch ? { arch: command.arch } : {}),
      });
      process.stdout.write(`${image}\n`);
      return;
    }
    case 'manifest': {
      const distro = getDistro(command.distro);
      await assertDockerEngine();
      const log = (line: string) => process.stderr.write(`${line}\n`);
      process.stdout.write(`${await pushManifestList(distro, command.registry, log)}\n`);
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
        throw new BuildError(ERROR_CODES.USAGE, `Invalid ${flag}: expected ${issue?.message}.`, {
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

/** The version in the package.json beside dist/: the package that ships this CLI. */
function version(): string {
  const manifest = readFileSync(new URL('../package.json', import.meta.url), 'utf8');
  return (JSON.parse(manifest) as { version: string }).version;
}

/**
 * Usage errors are the command line's fault: a bad command, flag or value,
 * or a distro that is not in the matrix (@helios/images owns that check and
 * its message lists the known distros). Every other error is a failure.
 */
function exitCodeFor(error: BuildError | ImagesError): number {
  switch (error.code) {
    case ERROR_CODES.USAGE:
    case ERROR_CODES.UNKNOWN_ARCH:
    case IMAGES_ERROR_CODES.UNKNOWN_DISTRO:
      return EXIT_CODES.USAGE;
    default:
      return EXIT_CODES.FAILURE;
  }
}

async function main(argv: readonly string[]): Promise<number> {
  try {
    await execute(parseCli(argv));
    return EXIT_CODES.OK;
  } catch (error) {
    if (!(error instanceof BuildError || error instanceof ImagesError)) throw error;
    process.stderr.write(`helios: ${error.code}: ${error.message}\n`);
    return exitCodeFor(error);
  }
}

process.exitCode = await main(process.argv.slice(2));
