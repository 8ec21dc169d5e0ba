import { type ChildProcess, spawn } from 'node:child_process';
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { freePort } from '@helios/test-kit/net';
import { stopProcess } from './stop-process.ts';

/** A verdaccio on 127.0.0.1 with its storage in a temporary folder. */
export interface LocalRegistry {
  /** `http://127.0.0.1:PORT/` */
  readonly url: string;
  /** A publish token of the registry's only user. */
  readonly token: string;
  stop(): Promise<void>;
}

const CONFIG_TEMPLATE = new URL('../verdaccio.yaml', import.meta.url).pathname;
const require = createRequire(import.meta.url);
const VERDACCIO_BIN = join(dirname(require.resolve('verdaccio/package.json')), 'bin', 'verdaccio');

export async function startLocalRegistry(): Promise<LocalRegistry> {
  const dir = mkdtempSync(join(tmpdir(), 'helios-registry-'));
  copyFileSync(CONFIG_TEMPLATE, join(dir, 'config.yaml'));
  const port = await freePort();
  const url = `http://127.0.0.1:${port}/`;
  const server = spawn(
    process.execPath,
    [VERDACCIO_BIN, '--config', 'config.yaml', '--listen', `127.0.0.1:${port}`],
    {
      cwd: dir,
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let log = '';
  for (const stream of [server.stdout, server.stderr]) stream?.on('data', (chunk: Buffer) => (log += chunk));
  const stop = async () => {
    await stopProcess(server);
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    await waitForPing(url, server, () => log);
    return { url, token: await addUser(url), stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

async function waitForPing(url: string, server: ChildProcess, log: () => string): Promise<void> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (server.exitCode !== null) throw new Error(`verdaccio exited (${server.exitCode}):\n${log()}`);
    if (Date.now() > deadline) throw new Error(`verdaccio did not answer ${url}-/ping in 30 s:\n${log()}`);
    const ok = await fetch(`${url}-/ping`).then(
      (response) => response.ok,
      () => false,
    );
    if (ok) return;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/** Registers the registry's one user, as `npm adduser` does, and returns its token. */
async function addUser(url: string): Promise<string> {
  const name = 'helios-release';
  const response = await fetch(`${url}-/user/org.couchdb.user:${name}`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ name, password: 'reuse-test-only' }),
  });
  const body = (await response.json()) as { token?: string };
  if (!response.ok || !body.token) throw new Error(`verdaccio refused the user: ${JSON.stringify(body)}`);
  return body.token;
}
