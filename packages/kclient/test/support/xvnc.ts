import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** A real Xvnc serving RFB on a unix socket only, as in the image. */
export interface XvncServer {
  readonly display: string;
  readonly socket: string;
  /** Environment for X clients (`DISPLAY`). */
  readonly env: NodeJS.ProcessEnv;
  /** Starts an X client on this display; it is killed by {@link XvncServer.stop}. */
  spawnClient(command: string, args: readonly string[]): ChildProcess;
  /** Runs an X command to completion and returns its stdout. */
  exec(command: string, args: readonly string[]): Promise<string>;
  /** What Xvnc has logged so far. */
  log(): string;
  /** Current root window size, read on the X side. */
  screenSize(): Promise<{ width: number; height: number }>;
  stop(): Promise<void>;
}

/**
 * Starts Xvnc on a free display. Fails loudly when Xvnc is missing: these
 * tests must not silently pass on a machine that cannot run them.
 */
export async function startXvnc(geometry = '1024x768'): Promise<XvncServer> {
  if (!existsSync('/usr/bin/Xvnc')) {
    throw new Error('Xvnc not found at /usr/bin/Xvnc: apt-get install tigervnc-standalone-server');
  }
  const dir = mkdtempSync(join(tmpdir(), 'kclient-xvnc-'));
  const socket = join(dir, 'vnc.sock');
  const number = freeDisplay();
  const display = `:${number}`;
  const server = spawn(
    '/usr/bin/Xvnc',
    [
      display,
      ...['-SecurityTypes', 'None', '-rfbport', '-1', '-rfbunixpath', socket, '-rfbunixmode', '0600'],
      ...['-nolisten', 'tcp', '-nolisten', 'local', '-geometry', geometry, '-depth', '24'],
      ...['-AlwaysShared', '-AcceptSetDesktopSize=1'],
    ],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let log = '';
  server.stderr?.on('data', (chunk: Buffer) => {
    log += chunk.toString();
  });
  const clients: ChildProcess[] = [];
  const env = { ...process.env, DISPLAY: display };
  const deadline = Date.now() + 10_000;
  while (!(await accepts(socket)) || !existsSync(`/tmp/.X11-unix/X${number}`)) {
    if (server.exitCode !== null || Date.now() > deadline) {
      server.kill('SIGKILL');
      throw new Error(`Xvnc ${display} did not start:\n${log}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  const exec = async (command: string, args: readonly string[]) =>
    (await run(command, [...args], { env, timeout: 10_000 })).stdout;
  return {
    display,
    socket,
    env,
    spawnClient(command, args) {
      const child = spawn(command, [...args], { env, stdio: 'ignore' });
      clients.push(child);
      return child;
    },
    exec,
    log: () => log,
    async screenSize() {
      const out = await exec('xdpyinfo', []);
      const match = /dimensions:\s+(\d+)x(\d+) pixels/.exec(out);
      if (!match) throw new Error(`xdpyinfo printed no dimensions:\n${out}`);
      return { width: Number(match[1]), height: Number(match[2]) };
    },
    async stop() {
      if (process.env.KCLIENT_TEST_XVNC_LOG) process.stderr.write(log);
      for (const child of clients) child.kill('SIGKILL');
      const exited = new Promise((resolve) => server.once('exit', resolve));
      if (server.exitCode === null) server.kill('SIGTERM');
      await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 3000))]);
      if (server.exitCode === null) server.kill('SIGKILL');
      rmSync(dir, { recursive: true, force: true });
    },
  };
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

/** Paints several differently coloured X clients so a frame has many colours. */
export async function paintDesktop(xvnc: XvncServer): Promise<void> {
  await xvnc.exec('xsetroot', ['-solid', '#204060']);
  xvnc.spawnClient('xlogo', ['-geometry', '300x300+20+20', '-bg', '#ffcc00', '-fg', '#aa0000']);
  xvnc.spawnClient('xclock', [
    '-geometry',
    '250x250+360+40',
    '-bg',
    '#00aa66',
    '-fg',
    '#ffffff',
    '-hd',
    '#0000ff',
  ]);
  xvnc.spawnClient('xeyes', ['-geometry', '300x200+100+360', '-bg', '#ff66cc', '-fg', '#000000']);
  // Wait until the three windows are mapped, so the first frame already shows them.
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline) {
    const tree = await xvnc.exec('xwininfo', ['-root', '-children']);
    if (/xlogo/.test(tree) && /xclock/.test(tree) && /xeyes/.test(tree)) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error('X clients did not map their windows in 10 s (apt-get install x11-apps x11-xserver-utils)');
}

/** An `xev` window on an Xvnc, recording the key events X delivers to it. */
export interface KeyEventRecorder {
  /** What xev printed so far. */
  events(): string;
  stop(): void;
}

/**
 * Opens xev at 600,400 (200×200), waits until X shows it, and moves the
 * pointer into it, so key events typed on the display go to it.
 */
export async function recordKeyEvents(xvnc: XvncServer): Promise<KeyEventRecorder> {
  const xev = spawn('stdbuf', ['-oL', 'xev', '-geometry', '200x200+600+400', '-event', 'keyboard'], {
    env: xvnc.env,
  });
  let events = '';
  xev.stdout.on('data', (chunk: Buffer) => {
    events += chunk.toString();
  });
  const stop = () => xev.kill('SIGKILL');
  const deadline = Date.now() + 5000;
  while (!/Event Tester/.test(await xvnc.exec('xwininfo', ['-root', '-children']))) {
    if (Date.now() > deadline) {
      stop();
      throw new Error('xev did not open its window within 5 s');
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  await xvnc.exec('xdotool', ['mousemove', '700', '500']);
  return { events: () => events, stop };
}
