import { type ChildProcess, spawn } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

/**
 * A throw-away root for a PID 1: its /etc is an overlay on the host's (upper
 * layer `etc/`), its /home, /run and /tmp are folders of the sandbox, so an
 * init may create its user and runtime folders without touching the host.
 * The host's /tmp stays visible at /mnt (the consumer project lives there).
 */
export interface Pid1Sandbox {
  /** A path inside the sandbox as the host sees it (`etc/…` is the overlay's upper layer). */
  path(inside: string): string;
  /** Writes a file of the sandbox (path as PID 1 sees it, without the leading slash). */
  write(inside: string, content: string, mode?: number): void;
  /** Starts `command` as PID 1 of a new PID and mount namespace rooted in the sandbox. */
  start(command: readonly string[], env: NodeJS.ProcessEnv): ChildProcess;
  remove(): void;
}

// Literal on purpose: $0 is the sandbox, $@ the command (arguments of sh -c).
const MOUNT_AND_EXEC = `set -eu
mount --bind /tmp /mnt
mount -t overlay helios-etc -o "lowerdir=/etc,upperdir=$0/etc,workdir=$0/etc-work" /etc
for dir in home run tmp; do mount --bind "$0/$dir" "/$dir"; done
exec "$@"`;

export function createPid1Sandbox(): Pid1Sandbox {
  if (process.getuid?.() !== 0) throw new Error('helios-init as PID 1 needs root (unshare, mount)');
  const root = mkdtempSync(join(tmpdir(), 'helios-reuse-pid1-'));
  for (const dir of ['etc', 'etc-work', 'home', 'run', 'tmp']) mkdirSync(join(root, dir));
  chmodSync(join(root, 'tmp'), 0o1777);
  const path = (inside: string) => join(root, inside);
  return {
    path,
    write(inside, content, mode = 0o644) {
      mkdirSync(dirname(path(inside)), { recursive: true });
      writeFileSync(path(inside), content, { mode });
    },
    start(command, env) {
      return spawn(
        '/usr/bin/unshare',
        [
          ...['--pid', '--fork', '--kill-child', '--mount-proc', '--propagation', 'private'],
          ...['--', '/bin/sh', '-c', MOUNT_AND_EXEC, root, ...command],
        ],
        { env, stdio: ['ignore', 'pipe', 'pipe'] },
      );
    },
    remove: () => rmSync(root, { recursive: true, force: true }),
  };
}

/** The path inside the sandbox of a host path under /tmp (shown at /mnt there). */
export function insideSandbox(hostPath: string): string {
  return hostPath.startsWith('/tmp/') ? `/mnt/${hostPath.slice('/tmp/'.length)}` : hostPath;
}
