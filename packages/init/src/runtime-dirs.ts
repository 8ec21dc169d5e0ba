import { accessSync, chmodSync, chownSync, constants, existsSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { describe, RuntimeDirError } from './errors.ts';

/** A folder that must exist with an owner and mode before services start. */
export interface RuntimeDir {
  readonly path: string;
  readonly mode: number;
  readonly uid: number;
  readonly gid: number;
  /** The variable that moves this folder elsewhere, for the fix in an error. */
  readonly setting?: string;
}

/**
 * The folders of the runtime contract: /run/helios (state.json),
 * XDG_RUNTIME_DIR (0700, the user's: VNC socket, pulse, activity), and X's
 * and ICE's socket folders, which unprivileged services cannot create.
 */
export function runtimeDirs(runDir: string, runtimeRoot: string, uid: number, gid: number): RuntimeDir[] {
  return [
    { path: runDir, mode: 0o755, uid: 0, gid: 0, setting: 'HELIOS_RUN_DIR' },
    { path: runtimeRoot, mode: 0o755, uid: 0, gid: 0, setting: 'HELIOS_RUNTIME_ROOT' },
    { path: `${runtimeRoot}/${uid}`, mode: 0o700, uid, gid, setting: 'HELIOS_RUNTIME_ROOT' },
    { path: '/tmp/.X11-unix', mode: 0o1777, uid: 0, gid: 0 },
    // The session manager's ICE sockets; only root may create the folder.
    { path: '/tmp/.ICE-unix', mode: 0o1777, uid: 0, gid: 0 },
  ];
}

/** How to give a runtime folder a writable place: a tmpfs on its top folder, or its variable. */
export function runtimeDirFix(dir: RuntimeDir): string {
  const top = `/${dir.path.split('/').filter(Boolean)[0] ?? ''}`;
  const moved = dir.setting ? `, or set ${dir.setting} to a writable folder` : '';
  return `mount a tmpfs on ${top} (docker run --tmpfs ${top}; Compose: tmpfs: [${top}]; Kubernetes: an emptyDir volume)${moved}`;
}

/** Why a folder cannot be made or written: the folder that refuses, and the error. */
export interface WriteRefusal {
  /** The folder itself, or the nearest one above it that exists. */
  readonly at: string;
  readonly reason: string;
  readonly cause?: unknown;
}

/**
 * The message for the first runtime folder that cannot be written, with the
 * others the same folder blocks; `undefined` when all can be.
 */
export function describeUnwritable(
  dirs: readonly RuntimeDir[],
  refusalOf: (path: string) => WriteRefusal | undefined,
): { dir: RuntimeDir; message: string; cause: unknown } | undefined {
  const refused = dirs
    .map((dir) => ({ dir, refusal: refusalOf(dir.path) }))
    .filter((entry): entry is { dir: RuntimeDir; refusal: WriteRefusal } => entry.refusal !== undefined);
  const first = refused[0];
  if (!first) return undefined;
  const { at, reason } = first.refusal;
  const same = refused
    .filter((entry) => entry !== first && entry.refusal.at === at)
    .map((entry) => entry.dir.path);
  const also = same.length > 0 ? `; ${same.join(', ')} need${same.length === 1 ? 's' : ''} it too` : '';
  return {
    dir: first.dir,
    message: `${at} is not writable (${reason})${also} (expected a writable folder); ${runtimeDirFix(first.dir)}`,
    cause: first.refusal.cause,
  };
}

/** Whether root may create entries at `path` (or, when missing, in the nearest folder above). */
function refusalOf(path: string): WriteRefusal | undefined {
  let at = path;
  while (at !== '/' && !existsSync(at)) at = dirname(at);
  try {
    // access(2) reports EROFS and an immutable folder even to root.
    accessSync(at, constants.W_OK);
    return undefined;
  } catch (cause) {
    return { at, reason: describe(cause), cause };
  }
}

/**
 * Checks, before anything is written, that root can make every runtime
 * folder: a read-only /run stops the boot here, not after hooks and user setup.
 *
 * @throws {RuntimeDirError} `HELIOS_INIT_RUNTIME_DIR_FAILED` naming the folder and the fix.
 */
export function checkRuntimeDirsWritable(dirs: readonly RuntimeDir[]): void {
  const problem = describeUnwritable(dirs, refusalOf);
  if (problem) throw new RuntimeDirError(problem.dir.path, problem.message, problem.cause);
}

/**
 * Creates the folders and (re)applies owner and mode, which a restarted
 * container with a changed UID needs.
 *
 * @throws {RuntimeDirError} `HELIOS_INIT_RUNTIME_DIR_FAILED`.
 */
export function prepareRuntimeDirs(dirs: readonly RuntimeDir[]): void {
  for (const dir of dirs) {
    try {
      mkdirSync(dir.path, { recursive: true, mode: dir.mode });
      chownSync(dir.path, dir.uid, dir.gid);
      chmodSync(dir.path, dir.mode);
    } catch (cause) {
      throw new RuntimeDirError(dir.path, `${describe(cause)}; ${runtimeDirFix(dir)}`, cause);
    }
  }
}
