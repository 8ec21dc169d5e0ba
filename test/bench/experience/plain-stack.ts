import { type ChildProcess, spawn } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * The reference the benchmark compares Helios with: Debian's noVNC (1.3) and
 * websockify, pointed at the very same Xvnc socket of the running container
 * (reachable from the host through /proc/<pid>/root as root).
 */
export interface PlainStack {
  /** websockify's port on 127.0.0.1. */
  readonly port: number;
  /** websockify's pid (it forks per viewer; CPU is summed over its tree). */
  readonly pid: number;
  /** The bench page: noVNC's RFB as `window.rfb`, resizing the remote screen to the window. */
  readonly pageUrl: string;
  stop(): Promise<void>;
}

const NOVNC_DIR = '/usr/share/novnc';
const PAGE_PATH = '/helios-bench-plain.html';

/**
 * The page the plain stack is measured with: noVNC's own RFB core with the
 * options of its vnc_lite.html plus remote resize (as Helios' page does), so
 * both stacks draw the same screen size. websockify serves it from a copy of
 * Debian's noVNC folder: a page Chromium did not load from the loopback
 * address itself (a routed response) may not open a loopback WebSocket.
 */
const PAGE = `<!doctype html><html><head><meta charset="utf-8"><title>plain noVNC</title>
<style>html,body{margin:0;height:100%;overflow:hidden;background:#000}#screen{width:100vw;height:100vh}</style></head>
<body><div id="screen"></div><script type="module">
import RFB from './core/rfb.js';
const rfb = new RFB(document.getElementById('screen'), 'ws://' + location.host + '/websockify', { shared: true, wsProtocols: ['binary'] });
rfb.resizeSession = true; rfb.scaleViewport = false; rfb.focusOnClick = true;
rfb.addEventListener('connect', () => { window.plainConnected = true; rfb.focus(); });
window.rfb = rfb;
</script></body></html>`;

/** Starts websockify for `vncSocket` on `port`; fails loudly when Debian's novnc or websockify is missing. */
export async function startPlainStack(vncSocket: string, port: number): Promise<PlainStack> {
  if (!existsSync('/usr/bin/websockify') || !existsSync(`${NOVNC_DIR}/core/rfb.js`)) {
    throw new Error('the plain stack needs Debian websockify and novnc: apt-get install websockify novnc');
  }
  const web = mkdtempSync(join(tmpdir(), 'helios-plain-novnc-'));
  cpSync(NOVNC_DIR, web, { recursive: true, dereference: true });
  writeFileSync(join(web, PAGE_PATH.slice(1)), PAGE);
  const child: ChildProcess = spawn(
    'websockify',
    ['--web', web, `--unix-target=${vncSocket}`, `127.0.0.1:${port}`],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const deadline = Date.now() + 10_000;
  for (;;) {
    const answer = await fetch(`http://127.0.0.1:${port}/core/rfb.js`).catch(() => undefined);
    if (answer?.ok) break;
    if (child.exitCode !== null || Date.now() > deadline) {
      child.kill('SIGKILL');
      rmSync(web, { recursive: true, force: true });
      throw new Error(`websockify did not start on 127.0.0.1:${port}: ${stderr}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return {
    port,
    pid: child.pid ?? 0,
    pageUrl: `http://127.0.0.1:${port}${PAGE_PATH}`,
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGTERM');
        await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 3000))]);
        if (child.exitCode === null) child.kill('SIGKILL');
      }
      rmSync(web, { recursive: true, force: true });
    },
  };
}
