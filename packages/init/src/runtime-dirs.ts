import { chmodSync, chownSync, mkdirSync } from 'node:fs';
import { RuntimeDirError } from './errors.ts';

/** A folder that must exist with an owner and mode before services start. */
export interface RuntimeDir {
  readonly path: string;
  readonly mode: number;
  readonly uid: number;
  readonly gid: number;
}

/**
 * The folders of the runtime contract: /run/helios (state.json),
 * XDG_RUNTIME_DIR (0700, the user's: VNC socket, pulse, activity), and X's
 * and ICE's socket folders, which unprivileged services cannot create.
 */
export function runtimeDirs(runDir: string, runtimeRoot: string, uid: number, gid: number): RuntimeDir[] {
  return [
    { path: runDir, mode: 0o755, uid: 0, gid: 0 },
    { path: runtimeRoot, mode: 0o755, uid: 0, gid: 0 },
    { path: `${runtimeRoot}/${uid}`, mode: 0o700, uid, gid },
    { path: '/tmp/.X11-unix', mode: 0o1777, uid: 0, gid: 0 },
    // The session manager's ICE sockets; only root may create the folder.
    { path: '/tmp/.ICE-unix', mode: 0o1777, uid: 0, gid: 0 },
  ];
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
      throw new RuntimeDirError(dir.path, cause);
    }
  }
}
