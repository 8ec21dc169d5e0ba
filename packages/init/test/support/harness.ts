/**
 * Runs the built helios-init bundle as PID 1 of a fresh PID and mount
 * namespace whose /etc, /home, /run and /tmp are folders of a temporary
 * sandbox, so tests create users, sockets and X displays without touching the
 * host and without Docker.
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import {
  chmodSync,
  existsSync,
  linkSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readlinkSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

// This file sits in test/support/: the package is two folders up, the fixtures one up.
const here = dirname(fileURLToPath(import.meta.url));
const PACKAGE_DIR = join(here, '..', '..');
const HOST_FIXTURES = join(here, '..', 'fixtures');

/**
 * The path inside the sandbox of a host path: the sandbox replaces /tmp and
 * shows the host's /tmp at /mnt (sandbox-pid1.sh), so a checkout or a Node
 * under /tmp must be addressed there.
 */
function sandboxPath(hostPath: string): string {
  return hostPath.startsWith('/tmp/') ? `/mnt/${hostPath.slice('/tmp/'.length)}` : hostPath;
}

const HOST_BUNDLE = join(PACKAGE_DIR, 'dist', 'bundle', 'helios-init.mjs');
/** The bundle under test, as the sandbox sees it. */
const BUNDLE = sandboxPath(HOST_BUNDLE);
/** The Node binary running the tests, as the sandbox sees it. */
export const NODE = sandboxPath(process.execPath);
const SANDBOX_PID1 = join(HOST_FIXTURES, 'sandbox-pid1.sh');
/** Small programs the tests supervise, as the sandbox sees them. */
export const FIXTURES = sandboxPath(HOST_FIXTURES);

/** Fails loudly (never skips) when a binary the tests need is missing. */
export function requireBinaries(names: readonly string[]): void {
  if (process.getuid?.() !== 0)
    throw new Error('integration tests must run as root (they use unshare and mount)');
  if (!existsSync(HOST_BUNDLE))
    throw new Error(`${HOST_BUNDLE} is missing: run "pnpm --filter @helios/init build" first`);
  const missing = names.filter((name) => {
    try {
      execFileSync('sh', ['-c', `command -v ${name}`], { stdio: 'ignore' });
      return false;
    } catch {
      return true;
    }
  });
  if (missing.length > 0) {
    throw new Error(
      `missing required binaries: ${missing.join(', ')} (see the README's test section for packages)`,
    );
  }
}

/**
 * A sandbox root with etc/ (the upper layer of an overlay on the host's
 * /etc), home/, run/, tmp/.
 */
export interface Sandbox {
  /** The sandbox's folder on the host. */
  readonly root: string;
  /** A path inside the sandbox, as the host sees it (etc/… is the overlay's upper layer). */
  path(inside: string): string;
  /** A file of the sandbox's /etc as PID 1 sees it: the upper layer, else the host's. */
  readEtc(name: string): string;
  /** Writes a file inside the sandbox (path as PID 1 sees it). */
  write(inside: string, content: string, mode?: number): void;
  /** Deletes the sandbox's folder. */
  remove(): void;
}

/** Makes a sandbox with a copy of the host's /etc. */
export function createSandbox(): Sandbox {
  const root = mkdtempSync(join(tmpdir(), 'helios-init-test-'));
  // An overlay over the host's /etc: copying /etc costs seconds on this disk.
  for (const dir of ['etc', 'etc-work', 'home', 'run', 'tmp']) mkdirSync(join(root, dir), { mode: 0o755 });
  execFileSync('chmod', ['1777', join(root, 'tmp')]);
  const path = (inside: string) => join(root, inside);
  return {
    root,
    path,
    readEtc(name) {
      const upper = path(`etc/${name}`);
      return readFileSync(existsSync(upper) ? upper : `/etc/${name}`, 'utf8');
    },
    write(inside, content, mode = 0o644) {
      mkdirSync(dirname(path(inside)), { recursive: true });
      writeFileSync(path(inside), content, { mode });
    },
    remove() {
      rmSync(root, { recursive: true, force: true });
    },
  };
}

/** How PID 1 ended. */
interface Exit {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
}

/** A running helios-init. */
export interface InitHandle {
  /** stdout and stderr so far. */
  output(): string;
  /** Resolves once a line matching `pattern` appeared. */
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<string>;
  /** Resolves once state.json satisfies `predicate`. */
  waitForState(predicate: (state: StateFile) => boolean, timeoutMs?: number): Promise<StateFile>;
  /** The host pid of helios-init (PID 1 inside). */
  hostPid(): Promise<number>;
  /** Host pid of a process whose pid inside the namespace is `nsPid`. */
  hostPidOf(nsPid: number): Promise<number>;
  /** Processes of the namespace with their state letter, as the host sees them. */
  processes(): Promise<Array<{ hostPid: number; nsPid: number; state: string; command: string }>>;
  /** Sends a signal to helios-init. */
  signal(signal: NodeJS.Signals): Promise<void>;
  /** Resolves once helios-init has exited. */
  readonly exited: Promise<Exit>;
  /** Stops reading helios-init's stdout, as a log reader that lags would, until {@link InitHandle.resumeOutput}. */
  pauseOutput(): void;
  /** Reads helios-init's stdout again. */
  resumeOutput(): void;
  /** Kills the whole namespace (the test's cleanup). */
  kill(): void;
}

/** The part of state.json tests read. */
interface StateFile {
  ready: boolean;
  services: Record<string, { state: string; pid: number | null; restarts: number }>;
}

/** Options of {@link startInit}. */
export interface StartOptions {
  /**
   * Run helios-init as this uid and gid instead of root (restricted mode),
   * through setpriv once the sandbox is mounted. Node is hard-linked into the
   * sandbox, since the toolchain's copy may sit in a folder only root can enter.
   */
  readonly runAs?: { readonly uid: number; readonly gid: number };
}

/** The command that starts the bundle inside the sandbox. */
function initCommand(sandbox: Sandbox, options: StartOptions): string[] {
  if (!options.runAs) return [NODE, BUNDLE];
  const node = sandbox.path('node');
  if (!existsSync(node)) linkSync(process.execPath, node);
  chmodSync(sandbox.root, 0o755);
  const { uid, gid } = options.runAs;
  return ['setpriv', `--reuid=${uid}`, `--regid=${gid}`, '--clear-groups', '--', sandboxPath(node), BUNDLE];
}

/** Starts helios-init as PID 1 in the sandbox. */
export function startInit(
  sandbox: Sandbox,
  env: Record<string, string>,
  options: StartOptions = {},
): InitHandle {
  const child: ChildProcess = spawn(SANDBOX_PID1, [sandbox.root, ...initCommand(sandbox, options)], {
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const listeners = new Set<() => void>();
  for (const stream of [child.stdout, child.stderr]) {
    stream?.setEncoding('utf8');
    stream?.on('data', (chunk: string) => {
      output += chunk;
      for (const listener of listeners) listener();
    });
  }
  const exited = new Promise<Exit>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  let done = false;
  void exited.then(() => {
    done = true;
    for (const listener of listeners) listener();
  });

  const waitFor = (pattern: RegExp, timeoutMs = 10_000) =>
    new Promise<string>((resolve, reject) => {
      const check = () => {
        const match = output.match(pattern);
        if (match) {
          cleanup();
          resolve(match[0]);
        } else if (done) {
          cleanup();
          reject(new Error(`helios-init exited before ${pattern} appeared; output:\n${output}`));
        }
      };
      const timer = setTimeout(() => {
        cleanup();
        reject(new Error(`timed out after ${timeoutMs} ms waiting for ${pattern}; output:\n${output}`));
      }, timeoutMs);
      const cleanup = () => {
        clearTimeout(timer);
        listeners.delete(check);
      };
      listeners.add(check);
      check();
    });

  const stateFile = sandbox.path('run/helios/state.json');
  const waitForState = async (predicate: (state: StateFile) => boolean, timeoutMs = 10_000) => {
    const deadline = Date.now() + timeoutMs;
    let last: StateFile | undefined;
    while (Date.now() < deadline) {
      try {
        last = JSON.parse(readFileSync(stateFile, 'utf8')) as StateFile;
        if (predicate(last)) return last;
      } catch {
        // Not written yet.
      }
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    throw new Error(`state.json never matched; last: ${JSON.stringify(last)}; output:\n${output}`);
  };

  const hostPid = async () => {
    // sandbox-pid1.sh execs unshare, whose forked child execs sh, then node.
    for (let i = 0; i < 200; i++) {
      const children = readChildren(child.pid as number);
      const first = children[0];
      if (first !== undefined) {
        const command = readFileSync(`/proc/${first}/cmdline`, 'utf8');
        if (command.includes(BUNDLE)) return first;
      }
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    throw new Error('helios-init did not start');
  };

  const processes = async () => {
    const init = await hostPid();
    const ns = readlinkSync(`/proc/${init}/ns/pid`);
    const found: Array<{ hostPid: number; nsPid: number; state: string; command: string }> = [];
    for (const entry of await readdir('/proc')) {
      if (!/^[0-9]+$/.test(entry)) continue;
      try {
        if (readlinkSync(`/proc/${entry}/ns/pid`) !== ns) continue;
        const status = readFileSync(`/proc/${entry}/status`, 'utf8');
        const nsPid = Number(status.match(/^NSpid:.*\s([0-9]+)$/m)?.[1]);
        const state = status.match(/^State:\s+(\S)/m)?.[1] ?? '?';
        const command = readFileSync(`/proc/${entry}/cmdline`, 'utf8').replaceAll('\0', ' ').trim();
        found.push({ hostPid: Number(entry), nsPid, state, command });
      } catch {
        // Gone.
      }
    }
    return found;
  };

  return {
    output: () => output,
    waitFor,
    waitForState,
    hostPid,
    hostPidOf: async (nsPid) => {
      const match = (await processes()).find((p) => p.nsPid === nsPid);
      if (!match) throw new Error(`no process with pid ${nsPid} in the namespace`);
      return match.hostPid;
    },
    processes,
    signal: async (signal) => {
      process.kill(await hostPid(), signal);
    },
    exited,
    pauseOutput: () => void child.stdout?.pause(),
    resumeOutput: () => void child.stdout?.resume(),
    kill: () => {
      // unshare --kill-child takes PID 1, and with it the whole namespace.
      if (!done) child.kill('SIGKILL');
    },
  };
}

function readChildren(pid: number): number[] {
  try {
    return readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8')
      .trim()
      .split(/\s+/)
      .filter(Boolean)
      .map(Number);
  } catch {
    return [];
  }
}

/** A config file that disables the desktop services and adds the given ones. */
export function testConfig(services: Record<string, unknown>, keepBuiltins = false): string {
  const disabled = keepBuiltins
    ? {}
    : Object.fromEntries(
        ['pulseaudio', 'xvnc', 'desktop', 'kclient'].map((name) => [name, { enabled: false }]),
      );
  return JSON.stringify({ restart: { initialDelayMs: 50 }, services: { ...disabled, ...services } }, null, 2);
}

/** The environment every test boots with, plus `extra`. */
export function baseEnv(extra: Record<string, string> = {}): Record<string, string> {
  return { USER: 'alice', UID: '4242', HELIOS_INIT_CONFIG: '/etc/helios/init.json', ...extra };
}
