import { commandFailed, neverStarted, run } from './commands.ts';
import { BuildError, ERROR_CODES } from './errors.ts';

/**
 * Checks that a Docker engine answers.
 * @throws {BuildError} `HELIOS_BUILD_NO_DOCKER` saying how to get one.
 */
export async function assertDockerEngine(): Promise<void> {
  const result = await run('docker', ['version', '--format', '{{.Server.Version}}'], { reject: false });
  if (!result.failed) return;
  if (neverStarted(result)) {
    throw new BuildError(
      ERROR_CODES.NO_DOCKER,
      'The docker command is not installed. Install Docker (on Debian: apt-get install docker.io) and start the engine (dockerd).',
      { cause: result },
    );
  }
  const detail = result.stderr.trim().split('\n')[0] ?? '';
  throw new BuildError(
    ERROR_CODES.NO_DOCKER,
    `No Docker engine answers (${detail}). Start one (systemctl start docker, or run dockerd as root), then try again.`,
    { cause: result },
  );
}

/** Whether an image exists in the local engine. */
export async function imageExists(image: string): Promise<boolean> {
  const result = await run('docker', ['image', 'inspect', '--format', '{{.Id}}', image], { reject: false });
  return !result.failed;
}

/** The architecture of a local image (`amd64`, `arm64`), or null when there is no such image. */
export async function imageArchitecture(image: string): Promise<string | null> {
  const result = await run('docker', ['image', 'inspect', '--format', '{{.Architecture}}', image], {
    reject: false,
  });
  return result.failed ? null : result.stdout.trim();
}

/** The engine's architecture in Docker's names (`amd64`, `arm64`): what it builds images for. */
export async function engineArchitecture(): Promise<string> {
  const result = await run('docker', ['version', '--format', '{{.Server.Arch}}']).catch(commandFailed());
  return result.stdout.trim();
}
