/**
 * Small file systems for tests of hostile conditions (a full home, a
 * read-only /run): tmpfs mounts on the host, each removed again after the
 * test, even when it failed. They are mounted on a sandbox folder before
 * helios-init starts, so its namespace sees them through its bind mounts.
 */
import { execFileSync } from 'node:child_process';
import { closeSync, openSync, writeSync } from 'node:fs';
import { afterEach } from 'vitest';

/** util-linux, like the sandbox's unshare; by path, since knip reports bare names as unlisted binaries. */
const MOUNT = '/usr/bin/mount';
const UMOUNT = '/usr/bin/umount';

/** What a test file uses to mount and fill small file systems. */
export interface TestMounts {
  /** Mounts a tmpfs on `target` with mount options such as `size=1m,mode=755` or `ro`. */
  tmpfs(target: string, options: string): void;
  /** Writes zeros to `file` until its file system has no space left. */
  fill(file: string): void;
}

/**
 * Registers an `afterEach` that unmounts everything mounted through the
 * returned helpers. Call it after `useInitSandbox`: vitest runs later
 * `afterEach` hooks first, so the mounts go before the sandbox folders.
 */
export function useTestMounts(): TestMounts {
  const mounted: string[] = [];
  afterEach(() => {
    for (const target of mounted.splice(0).reverse()) {
      try {
        execFileSync(UMOUNT, [target], { stdio: 'pipe' });
      } catch {
        // Still busy (a process of the sandbox there): detach it; it goes with its last user.
        execFileSync(UMOUNT, ['--lazy', target], { stdio: 'pipe' });
      }
    }
  });
  return {
    tmpfs(target, options) {
      execFileSync(MOUNT, ['-t', 'tmpfs', '-o', options, 'helios-test', target], { stdio: 'pipe' });
      mounted.push(target);
    },
    fill(file) {
      const fd = openSync(file, 'w');
      const block = Buffer.alloc(64 * 1024);
      try {
        for (;;) writeSync(fd, block);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'ENOSPC') throw error;
      } finally {
        closeSync(fd);
      }
    },
  };
}
