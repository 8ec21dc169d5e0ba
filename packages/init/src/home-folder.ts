import {
  chmodSync,
  cpSync,
  existsSync,
  lchownSync,
  mkdirSync,
  readdirSync,
  renameSync,
  rmSync,
  statfsSync,
  statSync,
} from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { UserSetupError } from './errors.ts';

/** Below this many free bytes a home counts as full: the desktop cannot save its settings. */
export const LOW_SPACE_BYTES = 1024 * 1024;

/** Gives `path` and everything below it to `uid:gid`, links themselves rather than their targets. */
export function chownTree(path: string, uid: number, gid: number): void {
  lchownSync(path, uid, gid);
  const stat = statSync(path, { throwIfNoEntry: false });
  if (!stat?.isDirectory()) return;
  for (const entry of readdirSync(path)) chownTree(join(path, entry), uid, gid);
}

/** Bytes an unprivileged user may still write on the file system of `path`; undefined when unknown. */
function freeBytes(path: string): number | undefined {
  try {
    const stats = statfsSync(path);
    return stats.bavail * stats.bsize;
  } catch {
    return undefined;
  }
}

/** The warning for a home on a (nearly) full file system; undefined when there is room. */
export function describeLowSpace(home: string, available: number | undefined): string | undefined {
  if (available === undefined || available >= LOW_SPACE_BYTES) return undefined;
  return (
    `HOME ${home} is on a full file system (no space left on device: ${available} bytes free); ` +
    'the desktop starts, but programs cannot save settings or files there until space is freed'
  );
}

/** Logs {@link describeLowSpace} for `home`, if it applies. */
export function warnIfHomeFull(home: string, log: (message: string) => void): void {
  const warning = describeLowSpace(home, freeBytes(home));
  if (warning) log(warning);
}

/** Options of {@link seedHome}. */
export interface SeedHomeOptions {
  readonly home: string;
  readonly skelDir: string;
  /** Owner of the new home; omitted without root (restricted mode), where the files are ours already. */
  readonly owner?: { readonly uid: number; readonly gid: number };
}

/**
 * Makes a new home from the skeleton plus Desktop and Downloads, built
 * beside it and renamed into place: a boot that fails half-way (no space
 * left, say) leaves no half-made home that the next boot would keep as it is.
 *
 * @throws {UserSetupError} `HELIOS_INIT_USER_SETUP_FAILED`, saying so plainly when the disk is full.
 */
export function seedHome(options: SeedHomeOptions): void {
  const { home, skelDir, owner } = options;
  const building = join(dirname(home), `.${basename(home)}.helios-new`);
  try {
    // Left by a boot that was killed while building.
    rmSync(building, { recursive: true, force: true });
    mkdirSync(dirname(home), { recursive: true, mode: 0o755 });
    mkdirSync(building, { mode: 0o755 });
    if (existsSync(skelDir)) cpSync(skelDir, building, { recursive: true, preserveTimestamps: true });
    for (const folder of ['Desktop', 'Downloads']) mkdirSync(join(building, folder), { recursive: true });
    if (owner) chownTree(building, owner.uid, owner.gid);
    chmodSync(building, 0o755);
    renameSync(building, home);
  } catch (cause) {
    rmSync(building, { recursive: true, force: true });
    throw new UserSetupError(`creating home ${home} from ${skelDir}`, explainSeedFailure(home, cause));
  }
}

/** ENOSPC and EDQUOT in words a user acts on; other errors as they are. */
function explainSeedFailure(home: string, cause: unknown): unknown {
  const code = (cause as NodeJS.ErrnoException | undefined)?.code;
  if (code !== 'ENOSPC' && code !== 'EDQUOT') return cause;
  const what = code === 'ENOSPC' ? 'no space left on device' : 'disk quota exceeded';
  const free = freeBytes(dirname(home));
  return new Error(
    `${what} on the file system of ${dirname(home)}${free === undefined ? '' : ` (${free} bytes free)`}; ` +
      'nothing was kept: free space there and start the container again',
    { cause },
  );
}
