import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** The bundled server, as the image runs it. */
export const BUNDLE = fileURLToPath(new URL('../../dist/bundle/helios-kclient.mjs', import.meta.url));
/** The built browser client. */
export const CLIENT_DIR = fileURLToPath(new URL('../../dist/client', import.meta.url));

/** A gateway running as its own process from the bundle. */
export interface GatewayProcess {
  readonly url: string;
  readonly child: ChildProcess;
  /** Everything it wrote to stderr and stdout so far. */
  output(): string;
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

/** Fails with a clear message when the package was not built before its tests. */
export function assertBuilt(): void {
  for (const path of [BUNDLE, `${CLIENT_DIR}/index.html`, `${CLIENT_DIR}/app.js`]) {
    if (!existsSync(path))
      throw new Error(`${path} missing: run "pnpm --filter @helios/kclient build" first`);
  }
}

/** Starts `node dist/bundle/helios-kclient.mjs` with `args` and `env`, on a free port. */
export async function startGatewayProcess(
  args: readonly string[],
  env: NodeJS.ProcessEnv = {},
  bundle = BUNDLE,
): Promise<GatewayProcess> {
  assertBuilt();
  const child = spawn(process.execPath, [bundle, '--port', '0', '--host', '127.0.0.1', ...args], {
    env: { PATH: process.env.PATH, HELIOS_LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const { promise, resolve, reject } = Promise.withResolvers<string>();
  const onData = (chunk: Buffer) => {
    output += chunk.toString();
    const match = /listening on (http:\/\/\S+)/.exec(output);
    if (match?.[1]) resolve(match[1]);
  };
  child.stdout?.on('data', onData);
  child.stderr?.on('data', onData);
  child.once('exit', (code) => reject(new Error(`gateway exited with ${code} before listening:\n${output}`)));
  const timer = setTimeout(() => reject(new Error(`gateway did not listen in 10 s:\n${output}`)), 10_000);
  const url = await promise.finally(() => clearTimeout(timer));
  return {
    url,
    child,
    output: () => output,
    async stop(signal = 'SIGTERM') {
      if (child.exitCode !== null) return child.exitCode;
      const exited = new Promise<number | null>((done) => child.once('exit', (code) => done(code)));
      child.kill(signal);
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
      const code = await exited;
      clearTimeout(timer);
      return code;
    },
  };
}
