import { freePort } from '@helios/test-kit/net';
import { execa } from 'execa';

/** Runs a docker command and returns its trimmed stdout; throws with docker's stderr when it fails. */
export async function docker(...args: string[]): Promise<string> {
  const { stdout } = await execa('docker', args);
  return stdout;
}

/** A desktop container started for one test file. */
export interface DesktopContainer {
  readonly id: string;
  readonly name: string;
  readonly port: number;
  readonly url: string;
  /** Container logs so far (for failure messages). */
  logs(): Promise<string>;
  /** Removes the container whatever its state. */
  remove(): Promise<void>;
}

/** Starts `image` with host networking on a free port; does not wait for readiness. */
export async function startDesktop(
  image: string,
  env: Record<string, string>,
  extraArgs: readonly string[] = [],
): Promise<DesktopContainer> {
  const port = await freePort();
  const name = `helios-e2e-${port}`;
  const envArgs = Object.entries({ HTTP_PORT: String(port), ...env }).flatMap(([k, v]) => [
    '--env',
    `${k}=${v}`,
  ]);
  const id = await docker(
    'run',
    '--detach',
    '--name',
    name,
    '--network',
    'host',
    '--shm-size',
    '512m',
    ...envArgs,
    ...extraArgs,
    image,
  );
  return {
    id,
    name,
    port,
    url: `http://127.0.0.1:${port}/`,
    logs: async () => {
      const { all } = await execa('docker', ['logs', name], { all: true, reject: false });
      return all;
    },
    remove: async () => {
      await execa('docker', ['rm', '--force', name], { reject: false });
    },
  };
}

/** Polls `url` until it answers `status`, or throws after `timeoutMs` with the container's logs. */
export async function waitForStatus(
  container: DesktopContainer,
  path: string,
  status: number,
  timeoutMs: number,
): Promise<number> {
  const started = Date.now();
  let last = 'no answer';
  while (Date.now() - started < timeoutMs) {
    const response = await fetch(new URL(path, container.url)).catch((error: Error) => error);
    if (!(response instanceof Error)) {
      last = `HTTP ${response.status}`;
      if (response.status === status) return Date.now() - started;
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(
    `${path} did not answer ${status} within ${timeoutMs} ms (last: ${last}). Logs:\n${await container.logs()}`,
  );
}
