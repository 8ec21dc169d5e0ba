import { createServer } from 'node:net';
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
  /** The port the gateway serves HTTPS on, `undefined` when HTTPS is off. */
  readonly httpsPort: number | undefined;
  /** Container logs so far (for failure messages). */
  logs(): Promise<string>;
  /** Removes the container whatever its state. */
  remove(): Promise<void>;
}

/**
 * How a container serves HTTPS. With `--network host` the image's default,
 * HTTP_PORT + 1, could be a port another container or program holds, so
 * by default a test gets its own free port (`free-port`). `default-port`
 * leaves HTTPS_PORT unset, after checking that the port above the HTTP one
 * is free too; `off` sets HTTPS_PORT=off. An HTTPS_PORT in `env` wins.
 */
export type HttpsChoice = 'free-port' | 'default-port' | 'off';

/** Starts `image` with host networking on free ports; does not wait for readiness. */
export async function startDesktop(
  image: string,
  env: Record<string, string>,
  extraArgs: readonly string[] = [],
  options: {
    readonly https?: HttpsChoice;
    /** HTTP port to use instead of a free one, for a test that prepared the ports around it. */
    readonly port?: number;
    /** Start of the container's name, so a benchmark's containers can be told from the suite's. @default 'helios-e2e' */
    readonly namePrefix?: string;
  } = {},
): Promise<DesktopContainer> {
  const https = options.https ?? 'free-port';
  const port = options.port ?? (https === 'default-port' ? await freePortWithFreeNext() : await freePort());
  const httpsEnv: Record<string, string> =
    https === 'off'
      ? { HTTPS_PORT: 'off' }
      : https === 'free-port'
        ? { HTTPS_PORT: String(await freePortBut(port)) }
        : {};
  const fullEnv: Record<string, string | undefined> = { HTTP_PORT: String(port), ...httpsEnv, ...env };
  const httpsPort =
    fullEnv.HTTPS_PORT === undefined
      ? port + 1
      : fullEnv.HTTPS_PORT === 'off'
        ? undefined
        : Number(fullEnv.HTTPS_PORT);
  const name = `${options.namePrefix ?? 'helios-e2e'}-${port}`;
  const envArgs = Object.entries(fullEnv).flatMap(([k, v]) => ['--env', `${k}=${v}`]);
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
    httpsPort,
    logs: async () => {
      const { all } = await execa('docker', ['logs', name], { all: true, reject: false });
      return all;
    },
    remove: async () => {
      await execa('docker', ['rm', '--force', name], { reject: false });
    },
  };
}

/** A desktop user for a test container. */
export interface DesktopUser {
  readonly name: string;
  readonly uid: number;
  readonly gid?: number;
}

/** The container variables that name `user` (USER, UID and, when set, GID). */
export function userEnv(user: DesktopUser): Record<string, string> {
  return {
    USER: user.name,
    UID: String(user.uid),
    ...(user.gid === undefined ? {} : { GID: String(user.gid) }),
  };
}

/** One process of a container, as `docker top` lists it. */
export interface ContainerProcess {
  readonly uid: number;
  readonly gid: number;
  readonly args: string;
}

/** The container's processes with their uid and gid, and the raw table for failure messages. */
export async function containerProcesses(
  container: DesktopContainer,
): Promise<{ readonly rows: readonly ContainerProcess[]; readonly table: string }> {
  const table = await docker('top', container.name, '-eo', 'pid,uid,gid,args');
  const rows = table
    .split('\n')
    .slice(1)
    .map((line) => line.trim().match(/^(\d+)\s+(\d+)\s+(\d+)\s+(.*)$/))
    .filter((match) => match !== null)
    .map(([, , uid, gid, args]) => ({ uid: Number(uid), gid: Number(gid), args: args ?? '' }));
  return { rows, table };
}

/** A free port other than `taken` (the kernel may hand out a just-released port again). */
async function freePortBut(taken: number): Promise<number> {
  for (;;) {
    const port = await freePort();
    if (port !== taken) return port;
  }
}

/** A free port whose next port is free as well (both held at once while checking). */
export async function freePortWithFreeNext(): Promise<number> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const first = await holdPort(0);
    const second = first.port < 65535 ? await holdPort(first.port + 1).catch(() => undefined) : undefined;
    await Promise.all([first.release(), second?.release()]);
    if (second !== undefined) return first.port;
  }
  throw new Error('no free port with a free port next to it on 127.0.0.1 in 50 attempts');
}

/** Listens on `port` (0 = any) of 127.0.0.1 until released. */
export function holdPort(port: number): Promise<{ port: number; release(): Promise<void> }> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      const address = server.address();
      resolve({
        port: typeof address === 'object' && address !== null ? address.port : port,
        release: () => new Promise((done) => server.close(() => done())),
      });
    });
  });
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
