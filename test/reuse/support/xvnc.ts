import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stopProcess } from './stop-process.ts';

/** A real Xvnc serving RFB on a unix socket only, as the image runs it. */
export interface Xvnc {
  readonly socket: string;
  stop(): Promise<void>;
}

/** Starts Xvnc on a free display; fails (never skips) when Xvnc is not installed. */
export async function startXvnc(): Promise<Xvnc> {
  if (!existsSync('/usr/bin/Xvnc'))
    throw new Error('/usr/bin/Xvnc is missing: apt-get install tigervnc-standalone-server');
  const dir = mkdtempSync(join(tmpdir(), 'helios-reuse-xvnc-'));
  const socket = join(dir, 'vnc.sock');
  const display = freeDisplay();
  const server = spawn(
    '/usr/bin/Xvnc',
    [
      `:${display}`,
      ...['-SecurityTypes', 'None', '-rfbport', '-1', '-rfbunixpath', socket, '-rfbunixmode', '0600'],
      ...['-nolisten', 'tcp', '-nolisten', 'local', '-geometry', '800x600', '-depth', '24'],
    ],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let log = '';
  server.stderr?.on('data', (chunk: Buffer) => (log += chunk));
  const stop = async () => {
    await stopProcess(server);
    rmSync(dir, { recursive: true, force: true });
  };
  const deadline = Date.now() + 10_000;
  while (!(await accepts(socket))) {
    if (server.exitCode !== null || Date.now() > deadline) {
      await stop();
      throw new Error(`Xvnc :${display} did not start:\n${log}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return { socket, stop };
}

function freeDisplay(): number {
  for (let attempt = 0; attempt < 200; attempt++) {
    const number = 100 + Math.floor(Math.random() * 800);
    if (!existsSync(`/tmp/.X${number}-lock`) && !existsSync(`/tmp/.X11-unix/X${number}`)) return number;
  }
  throw new Error('no free X display number between 100 and 900');
}

function accepts(path: string): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ path });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}
