import { DEFAULT_HTTP_PORT, type Distro } from '@helios/images';
import { commandFailed, run } from './commands.ts';
import { BuildError, ERROR_CODES } from './errors.ts';
import { localImageName } from './image-build.ts';

/** Options of {@link runDesktop}. */
export interface RunDesktopOptions {
  /** HTTP port of the web client on the host. @default {@link DEFAULT_HTTP_PORT} (3000) */
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
    const state = await run('docker', ['inspect', '--format', '{{.State.Running}}', container], {
      reject: false,
    });
    if (state.stdout.trim() !== 'true') {
      // Both streams in the order the container wrote them.
      const logs = await run('docker', ['logs', '--tail', '30', container], { all: true, reject: false });
      throw new BuildError(
        ERROR_CODES.NOT_READY,
        `Container ${container} stopped before its desktop was ready. Last log lines:\n${logs.all}`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new BuildError(
    ERROR_CODES.NOT_READY,
    `${url} did not answer 200 in time. See "docker logs ${container}".`,
  );
}

/**
 * Starts the built image of `distro` (replacing an earlier `helios up`
 * container of the same distro), waits until /health answers 200 and returns
 * the URL to open. Host networking: the desktop listens on 127.0.0.1:<port>.
 */
export async function runDesktop(distro: Distro, options: RunDesktopOptions = {}): Promise<string> {
  const port = options.port ?? DEFAULT_HTTP_PORT;
  const name = containerName(distro);
  // Fails when there is no such container, which is fine.
  await run('docker', ['rm', '--force', name], { reject: false });
  await run('docker', [
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
  ]).catch(commandFailed());
  await waitForHealth(`http://127.0.0.1:${port}/health`, Date.now() + (options.timeoutMs ?? 90_000), name);
  return `http://127.0.0.1:${port}/`;
}
