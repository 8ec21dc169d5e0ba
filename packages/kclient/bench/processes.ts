import { type ChildProcess, spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { connect } from 'node:net';

/** A child process the benchmark started, with its CPU and memory readers. */
export interface BenchProcess {
  readonly child: ChildProcess;
  readonly pid: number;
  /** CPU seconds of the process and every child it has reaped or still runs. */
  cpuSeconds(): number;
  /** Resident memory in bytes of the process and its live children. */
  rssBytes(): number;
  stop(): Promise<void>;
}

const TICKS = 100; // USER_HZ on Linux

/** Starts `command`, failing loudly if it exits early. */
export function startProcess(
  command: string,
  args: readonly string[],
  env: NodeJS.ProcessEnv = {},
): BenchProcess {
  const child = spawn(command, [...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, ...env },
  });
  if (child.pid === undefined) throw new Error(`cannot start ${command}`);
  const pid = child.pid;
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  child.once('exit', (code, signal) => {
    if (signal === null && code !== 0 && code !== null && code !== 143)
      process.stderr.write(`${command} exited ${code}:\n${output}\n`);
  });
  return {
    child,
    pid,
    cpuSeconds: () => tree(pid).reduce((sum, p) => sum + cpuOf(p, p === pid), 0),
    rssBytes: () => tree(pid).reduce((sum, p) => sum + rssOf(p), 0),
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 3000);
      await exited;
      clearTimeout(timer);
    },
  };
}

/** Waits until a TCP port accepts connections. */
export async function waitForPort(port: number, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const ok = await new Promise<boolean>((resolve) => {
      const socket = connect({ host: '127.0.0.1', port });
      socket.once('connect', () => {
        socket.destroy();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
    });
    if (ok) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`port ${port} did not open in ${timeoutMs} ms`);
}

function stat(pid: number): string[] | undefined {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return text.slice(text.lastIndexOf(')') + 2).split(' ');
  } catch {
    return undefined;
  }
}

/** `pid` and its live descendants. */
function tree(pid: number): number[] {
  const parents = new Map<number, number[]>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const ppid = Number(stat(Number(entry))?.[1]);
    parents.set(ppid, [...(parents.get(ppid) ?? []), Number(entry)]);
  }
  const out: number[] = [];
  const walk = (p: number) => {
    out.push(p);
    for (const child of parents.get(p) ?? []) walk(child);
  };
  walk(pid);
  return out;
}

function cpuOf(pid: number, withReaped: boolean): number {
  const fields = stat(pid);
  if (fields === undefined) return 0;
  // Fields after the command: utime is 14th overall (index 11 here), then stime, cutime, cstime.
  const [utime, stime, cutime, cstime] = [11, 12, 13, 14].map((i) => Number(fields[i]));
  return ((utime ?? 0) + (stime ?? 0) + (withReaped ? (cutime ?? 0) + (cstime ?? 0) : 0)) / TICKS;
}

function rssOf(pid: number): number {
  try {
    const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return Number(match?.[1] ?? 0) * 1024;
  } catch {
    return 0;
  }
}
