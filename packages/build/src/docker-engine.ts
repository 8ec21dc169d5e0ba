import { BuildError } from './errors.ts';
import { runCommand } from './run-command.ts';

/**
 * Checks that a Docker engine answers.
 * @throws {BuildError} `HELIOS_BUILD_NO_DOCKER` saying how to get one.
 */
export async function assertDockerEngine(): Promise<void> {
  let detail: string;
  try {
    const result = await runCommand('docker', ['version', '--format', '{{.Server.Version}}']);
    if (result.code === 0) return;
    detail = result.stderr.trim().split('\n')[0] ?? '';
  } catch (cause) {
    throw new BuildError(
      'HELIOS_BUILD_NO_DOCKER',
      'The docker command is not installed. Install Docker (on Debian: apt-get install docker.io) and start the engine (dockerd).',
      { cause },
    );
  }
  throw new BuildError(
    'HELIOS_BUILD_NO_DOCKER',
    `No Docker engine answers (${detail}). Start one (systemctl start docker, or run dockerd as root), then try again.`,
  );
}

/** Whether an image exists in the local engine. */
export async function imageExists(image: string): Promise<boolean> {
  const result = await runCommand('docker', ['image', 'inspect', '--format', '{{.Id}}', image]);
  return result.code === 0;
}
