import type { Distro } from '@helios/images';
import { BuildError } from './errors.ts';
import { localImageName } from './image-build.ts';
import { runChecked, runCommand } from './run-command.ts';

/** Options of {@link runDesktop}. */
export interface RunDesktopOptions {
  /** HTTP port of the web client on the host. @default 3000 */
  readonly port?: number;
  /** Desktop user name. @default 'helios' */
  readonly user?: string;
  /** Desktop user id. @default 1000 */
  readonly uid?: number;
  /** How long to wait for /health. @default 90_000 */
  readonly timeoutMs?: number;
}

/** The container name `helios up` uses, one per distro. */
export function containerName(distro: Distro): string {
  return `helios-${distro.name}`;
}

async function waitForHealth(url: string, deadline: number, container: string): Promise<void> {
  while (Date.now() < deadline) {
    const response = await fetch(url).catch(() => null);
    if (response?.status === 200) return;
    const state = await runCommand('docker', ['inspect', '--format', '{{.State.Running}}', container]);
    if (state.stdout.trim() !== 'true') {
      const logs = await runCommand('docker', ['logs', '--tail', '30', container]);
      throw new BuildError(
        'HELIOS_BUILD_NOT_READY',
        `Container ${container} stopped before its desktop was ready. Last log lines:\n${logs.stdout}${logs.stderr}`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new BuildError(
    'HELIOS_BUILD_NOT_READY',
    `${url} did not answer 200 in time. See "docker logs ${container}".`,
  );
}

/**
 * Starts the built image of `distro` (replacing an earlier `helios up`
 * container of the same distro), waits until /health answers 200 and returns
 * the URL to open. Host networking: the desktop listens on 127.0.0.1:<port>.
 */
export async function runDesktop(distro: Distro, options: RunDesktopOptions = {}): Promise<string> {
  const port = options.port ?? 3000;
  const name = containerName(distro);
  await runCommand('docker', ['rm', '--force', name]);
  await runChecked('docker', [
    'run',
    '--detach',
    '--name',
    name,
    '--network',
    'host',
    '--shm-size',
    '1g',
    '--env',
    `USER=${options.user ?? 'helios'}`,
    '--env',
    `UID=${options.uid ?? 1000}`,
    '--env',
    `HTTP_PORT=${port}`,
    localImageName(distro),
  ]);
  await waitForHealth(`http://127.0.0.1:${port}/health`, Date.now() + (options.timeoutMs ?? 90_000), name);
  return `http://127.0.0.1:${port}/`;
}
