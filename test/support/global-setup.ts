import { join } from 'node:path';
import { execaSync } from 'execa';
import { e2eDistro, repoRoot } from './repo.ts';

/**
 * Builds the image under test once, through the real `helios build` CLI, the
 * same path a user takes. The layer cache makes a rebuild cheap.
 */
export default function setup(): void {
  const docker = execaSync('docker', ['info', '--format', '{{.ServerVersion}}'], { reject: false });
  if (docker.exitCode !== 0) {
    throw new Error(`The e2e suite needs a Docker engine and none answers: ${docker.stderr}`);
  }
  const started = Date.now();
  const build = execaSync('node', [join(repoRoot, 'packages/build/dist/cli.js'), 'build', e2eDistro], {
    cwd: repoRoot,
    stdio: 'inherit',
    reject: false,
  });
  if (build.exitCode !== 0)
    throw new Error(`helios build ${e2eDistro} failed with exit code ${build.exitCode}`);
  console.log(`e2e: image helios:${e2eDistro} ready in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}
