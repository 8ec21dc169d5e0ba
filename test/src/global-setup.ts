import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { e2eDistro, repoRoot } from './repo.ts';

/**
 * Builds the image under test once, through the real `helios build` CLI, the
 * same path a user takes. The layer cache makes a rebuild cheap.
 */
export default function setup(): void {
  const docker = spawnSync('docker', ['info', '--format', '{{.ServerVersion}}'], { encoding: 'utf8' });
  if (docker.status !== 0) {
    throw new Error(`The e2e suite needs a Docker engine and none answers: ${docker.stderr.trim()}`);
  }
  const started = Date.now();
  const build = spawnSync('node', [join(repoRoot, 'packages/build/dist/cli.js'), 'build', e2eDistro], {
    cwd: repoRoot,
    stdio: 'inherit',
  });
  if (build.status !== 0) throw new Error(`helios build ${e2eDistro} failed with exit code ${build.status}`);
  console.log(`e2e: image helios:${e2eDistro} ready in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}
