import { accessSync, constants, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** A hook or service script and how to run it. */
export interface Script {
  /** Absolute path. */
  readonly path: string;
  /** Name relative to the hook root, for logs: `init.d/10-gpu.sh`. */
  readonly label: string;
  /** argv: the script itself when executable, else through /bin/sh (read-only mounts lose the x bit). */
  readonly command: readonly string[];
}

/** C-locale order, as a shell glob sorts under LC_ALL=C. */
const byteOrder = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

function isFile(path: string): boolean {
  return statSync(path, { throwIfNoEntry: false })?.isFile() ?? false;
}

function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function entries(dir: string): string[] {
  try {
    return readdirSync(dir)
      .filter((name) => !name.startsWith('.'))
      .sort(byteOrder);
  } catch {
    return []; // A missing hook folder means no hooks.
  }
}

/** How to run a script at `path`. */
function scriptAt(path: string, label: string): Script {
  return { path, label, command: isExecutable(path) ? [path] : ['/bin/sh', path] };
}

/**
 * init.d: `*.sh` sorted, then `* /entrypoint.sh` sorted by folder, in the order the
 * KasmVNC-era images ran them (the hook contract in ARCHITECTURE.md is kept).
 */
export function initHooks(root: string): Script[] {
  const dir = join(root, 'init.d');
  const flat = entries(dir)
    .filter((name) => name.endsWith('.sh') && isFile(join(dir, name)))
    .map((name) => scriptAt(join(dir, name), `init.d/${name}`));
  const nested = entries(dir)
    .filter((name) => isFile(join(dir, name, 'entrypoint.sh')))
    .map((name) => scriptAt(join(dir, name, 'entrypoint.sh'), `init.d/${name}/entrypoint.sh`));
  return [...flat, ...nested];
}

/** Every regular file of `root/folder` (idle.d, shutdown.d, services.d), sorted. */
export function folderScripts(root: string, folder: string): Script[] {
  const dir = join(root, folder);
  return entries(dir)
    .filter((name) => isFile(join(dir, name)))
    .map((name) => scriptAt(join(dir, name), `${folder}/${name}`));
}
