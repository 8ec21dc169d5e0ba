import { spawn } from 'node:child_process';
import { connect, type Socket } from 'node:net';
import { trackChild } from './child-registry.ts';
import { commandFor, environmentFor, workingDirectoryFor } from './service-command.ts';
import type { ServiceContext } from './service-context.ts';
import type { ReadinessCheck, ServiceSpec } from './service-spec.ts';

/** How long one connection attempt or probe command may take. */
const ATTEMPT_TIMEOUT_MS = 2_000;

/** Resolves true once `socket` connects, false on error or timeout. */
function connects(socket: Socket, onConnect?: (socket: Socket) => Promise<boolean>): Promise<boolean> {
  return new Promise((resolve) => {
    const finish = (ok: boolean) => {
      // end() rather than destroy(): a half-close lets the server see a clean disconnect.
      if (ok) socket.end();
      else socket.destroy();
      socket.setTimeout(0);
      resolve(ok);
    };
    socket.setTimeout(ATTEMPT_TIMEOUT_MS, () => finish(false));
    socket.once('error', () => finish(false));
    socket.once('connect', () => {
      if (!onConnect) return finish(true);
      onConnect(socket).then(finish, () => finish(false));
    });
  });
}

/**
 * Sends an X11 connection setup and waits for any reply: a listening socket
 * alone only proves the server called listen(), an answer proves it serves.
 */
function answersX11(socket: Socket): Promise<boolean> {
  return new Promise((resolve) => {
    // byte order 'l' (little endian), protocol 11.0, no authorization.
    socket.write(Buffer.from([0x6c, 0, 11, 0, 0, 0, 0, 0, 0, 0, 0, 0]));
    socket.once('data', () => resolve(true));
    socket.once('end', () => resolve(false));
  });
}

/**
 * Waits for the 12-byte `RFB 003.008\n` greeting a VNC server sends first,
 * then hangs up cleanly (a reset mid-handshake makes Xvnc log errors).
 */
function greetsRfb(socket: Socket): Promise<boolean> {
  return new Promise((resolve) => {
    let received = '';
    socket.setEncoding('latin1');
    socket.on('data', (chunk: string) => {
      received += chunk;
      if (received.length >= 12) resolve(/^RFB [0-9]{3}\.[0-9]{3}\n/.test(received));
    });
    socket.once('end', () => resolve(false));
  });
}

/** X display `:N` to the path of its unix socket. */
function x11SocketPath(display: string): string {
  return `/tmp/.X11-unix/X${display.replace(/^:/, '').split('.')[0]}`;
}

/** Options of {@link makeProber}. */
export interface ProberOptions {
  readonly ctx: ServiceContext;
  readonly containerEnv: Readonly<Record<string, string | undefined>>;
}

/** Runs readiness checks for real: sockets, X setup, commands run as the service runs. */
export function makeProber(options: ProberOptions): (spec: ServiceSpec) => Promise<boolean> {
  const run = (check: ReadinessCheck, spec: ServiceSpec): Promise<boolean> => {
    switch (check.kind) {
      case 'none':
        return Promise.resolve(true);
      case 'unix-socket':
        return connects(connect({ path: check.path }));
      case 'rfb':
        return connects(connect({ path: check.path }), greetsRfb);
      case 'tcp':
        return connects(connect({ host: check.host, port: check.port }));
      case 'x-display':
        return connects(connect({ path: x11SocketPath(check.display) }), answersX11);
      case 'command':
        return commandSucceeds(check.command, check.stdoutMatch, spec, options);
      case 'all':
        return check.checks.reduce<Promise<boolean>>(
          (previous, inner) => previous.then((ok) => ok && run(inner, spec)),
          Promise.resolve(true),
        );
    }
  };
  return (spec) => run(spec.readiness, spec);
}

function commandSucceeds(
  command: readonly string[],
  stdoutMatch: string | undefined,
  spec: ServiceSpec,
  { ctx, containerEnv }: ProberOptions,
): Promise<boolean> {
  return new Promise((resolve) => {
    const [file, ...args] = commandFor(command, spec.runAs, ctx);
    const child = trackChild(
      spawn(file as string, args, {
        stdio: ['ignore', 'pipe', 'ignore'],
        env: environmentFor(spec.runAs, spec.env, ctx, containerEnv),
        cwd: workingDirectoryFor(spec.runAs, ctx),
        timeout: ATTEMPT_TIMEOUT_MS,
        killSignal: 'SIGKILL',
      }),
    );
    let stdout = '';
    child.stdout?.setEncoding('utf8');
    child.stdout?.on('data', (chunk: string) => {
      if (stdout.length < 65_536) stdout += chunk;
    });
    child.once('error', () => resolve(false));
    child.once('close', (code) => {
      resolve(code === 0 && (stdoutMatch === undefined || new RegExp(stdoutMatch).test(stdout)));
    });
  });
}
