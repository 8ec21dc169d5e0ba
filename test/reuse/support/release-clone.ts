import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { cleanEnv } from './clean-env.ts';
import type { LocalRegistry } from './local-registry.ts';

/** What the release command of a fresh clone published. */
export interface Release {
  /** The commit that was released. */
  readonly commit: string;
  /** Package name → the version the clone's tree has after the release (the published one). */
  readonly versions: Record<string, string>;
  remove(): void;
}

const REPO_ROOT = new URL('../../../', import.meta.url).pathname;

/**
 * Clones this repository (its committed HEAD, as CI sees it) into a temporary
 * folder, installs it and runs `pnpm release` there against the local
 * registry: the checkout itself is never touched. HELIOS_RELEASE_SKIP_TESTS=1
 * leaves out the release's test step: the suite has just tested this commit,
 * and the reuse tests then test what was published.
 */
export async function releaseFromCleanClone(registry: LocalRegistry): Promise<Release> {
  const dir = mkdtempSync(join(tmpdir(), 'helios-release-'));
  const remove = () => rmSync(dir, { recursive: true, force: true });
  try {
    const clone = join(dir, 'helios');
    const log: string[] = [];
    const run = async (command: string, args: string[], env: NodeJS.ProcessEnv = cleanEnv()) => {
      log.push(`$ ${command} ${args.join(' ')}`);
      const result = await execa(command, args, {
        cwd: clone,
        env,
        extendEnv: false,
        all: true,
        reject: false,
      });
      log.push(result.all ?? '');
      if (result.exitCode !== 0) throw new Error(`${command} ${args.join(' ')} failed:\n${tail(log)}`);
    };
    await execa('git', ['clone', '--quiet', REPO_ROOT, clone]);
    await run('pnpm', ['install', '--frozen-lockfile', '--prefer-offline', '--reporter=silent']);

    // The token is for the local registry only; npm's user config (~/.npmrc) is not read.
    const npmrc = join(dir, 'npmrc');
    const host = registry.url.replace(/^http:/, '');
    writeFileSync(npmrc, `registry=${registry.url}\n${host}:_authToken=${registry.token}\n`, { mode: 0o600 });
    await run('pnpm', ['release'], {
      ...cleanEnv(),
      NPM_CONFIG_USERCONFIG: npmrc,
      NPM_CONFIG_REGISTRY: registry.url,
      HELIOS_RELEASE_SKIP_TESTS: '1',
    });

    const versions: Record<string, string> = {};
    for (const entry of readdirSync(join(clone, 'packages')).sort()) {
      const manifest = JSON.parse(readFileSync(join(clone, 'packages', entry, 'package.json'), 'utf8'));
      if (!manifest.private) versions[manifest.name] = manifest.version;
    }
    const commit = (await execa('git', ['rev-parse', '--short', 'HEAD'], { cwd: clone })).stdout;
    return { commit, versions, remove };
  } catch (error) {
    remove();
    throw error;
  }
}

/** The last lines of the log, without the spinners' escape sequences. */
function tail(log: string[]): string {
  const text = log
    .join('\n')
    // biome-ignore lint/suspicious/noControlCharactersInRegex: terminal escape sequences are what is removed
    .replace(/\u001b\[[0-9;?]*[A-Za-z]/g, '')
    .split(/[\r\n]+/)
    .filter((line) => !/Publishing packages/.test(line));
  return text.slice(-60).join('\n');
}
