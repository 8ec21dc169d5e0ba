import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, inject } from 'vitest';
import { cleanEnv } from './clean-env.ts';

/** A fresh npm project outside the repository, with @helios packages from the local registry. */
export interface ConsumerProject {
  readonly dir: string;
  /** Path of a command the installed packages put in node_modules/.bin. */
  bin(name: string): string;
  /** Runs an installed command in the project, as `npx <name>` would; never rejects. */
  run(name: string, args: readonly string[]): Promise<CommandResult>;
}

/** How a command ended: `all` is stdout and stderr interleaved. */
interface CommandResult {
  readonly exitCode: number | undefined;
  readonly stdout: string;
  readonly all: string;
}

/**
 * npm installs the named @helios packages, at the versions the release
 * published, into a new project in a temporary folder. Only the @helios scope
 * points at the local registry (its .npmrc); everything else comes from the
 * registry npm is configured for, as for any user.
 */
async function createConsumerProject(
  names: readonly string[],
  devDependencies: Record<string, string>,
): Promise<ConsumerProject & { remove(): void }> {
  const versions = inject('publishedVersions');
  const dir = mkdtempSync(join(tmpdir(), 'helios-consumer-'));
  const dependencies = Object.fromEntries(
    names.map((name) => {
      const version = versions[name];
      if (!version) throw new Error(`${name} was not published by the release`);
      return [name, version];
    }),
  );
  writeFileSync(
    join(dir, 'package.json'),
    JSON.stringify({ name: 'helios-consumer', private: true, type: 'module', dependencies, devDependencies }),
  );
  writeFileSync(join(dir, '.npmrc'), `@helios:registry=${inject('registryUrl')}\n`);
  const env = cleanEnv();
  const install = await execa('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error'], {
    cwd: dir,
    env,
    extendEnv: false,
    all: true,
    reject: false,
  });
  if (install.exitCode !== 0) {
    rmSync(dir, { recursive: true, force: true });
    throw new Error(`npm install of ${names.join(', ')} failed:\n${install.all}`);
  }
  const bin = (name: string) => join(dir, 'node_modules', '.bin', name);
  return {
    dir,
    bin,
    async run(name, args) {
      const result = await execa(bin(name), args, {
        cwd: dir,
        env,
        extendEnv: false,
        reject: false,
        all: true,
      });
      return { exitCode: result.exitCode, stdout: result.stdout, all: result.all };
    },
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/** A consumer project for the tests of one file, installed before them and removed after. */
export function useConsumerProject(
  names: readonly string[],
  devDependencies: Record<string, string> = {},
): () => ConsumerProject {
  let project: (ConsumerProject & { remove(): void }) | undefined;
  beforeAll(async () => {
    project = await createConsumerProject(names, devDependencies);
  });
  afterAll(() => project?.remove());
  return () => {
    if (!project) throw new Error('the consumer project is not installed');
    return project;
  };
}
