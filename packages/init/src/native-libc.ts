import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The few libc calls Node does not offer, through koffi's native module. */
export interface NativeLibc {
  /** prctl(PR_SET_CHILD_SUBREAPER, 1): orphans of our descendants come to us, not to the real PID 1. */
  setChildSubreaper(): boolean;
  /** waitpid(pid, WNOHANG); returns the pid when reaped, 0 when still running, -1 on error. */
  reap(pid: number): number;
  /** crypt(3) from libcrypt: hashes `key` with the salt and method of `setting`. */
  crypt(key: string, setting: string): string | null;
}

const PR_SET_CHILD_SUBREAPER = 36;
const WNOHANG = 1;

interface KoffiLibrary {
  func(signature: string): (...args: unknown[]) => unknown;
}
interface Koffi {
  load(name: string): KoffiLibrary;
}

/**
 * Where koffi's native module may be: an explicit path, beside the running
 * bundle (the image ships `koffi.node` next to `helios-init.mjs`), or inside
 * the installed `koffi` package.
 */
function candidates(explicit: string | undefined): string[] {
  const list: string[] = [];
  if (explicit) list.push(explicit);
  list.push(join(dirname(fileURLToPath(import.meta.url)), 'koffi.node'));
  try {
    const require = createRequire(import.meta.url);
    const koffiMain = require.resolve('koffi');
    const platform = createRequire(koffiMain).resolve(
      `@koromix/koffi-${process.platform}-${process.arch}/package.json`,
    );
    const libc = process.report?.getReport?.() as { header?: { glibcVersionRuntime?: string } } | undefined;
    const flavour = libc?.header?.glibcVersionRuntime ? process.platform : 'musl';
    list.push(join(dirname(platform), `${flavour}_${process.arch}`, 'koffi.node'));
  } catch {
    // Not installed as a package (the self-contained bundle): only the paths above apply.
  }
  return list;
}

/**
 * Loads the native helpers, or returns the reason they are unavailable.
 * helios-init still runs without them, but cannot reap orphaned zombies.
 */
export function loadNativeLibc(explicit?: string): NativeLibc | Error {
  const tried = candidates(explicit);
  const require = createRequire(import.meta.url);
  for (const path of tried) {
    if (!existsSync(path)) continue;
    try {
      const koffi = require(path) as Koffi;
      const libc = koffi.load('libc.so.6');
      const prctl = libc.func('int prctl(int, unsigned long, unsigned long, unsigned long, unsigned long)');
      const waitpid = libc.func('int waitpid(int, _Out_ int *, int)');
      let cryptFn: ((key: string, setting: string) => unknown) | undefined;
      try {
        cryptFn = koffi.load('libcrypt.so.1').func('str crypt(str, str)');
      } catch {
        cryptFn = undefined;
      }
      return {
        setChildSubreaper: () => prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) === 0,
        reap: (pid) => waitpid(pid, [0], WNOHANG) as number,
        crypt: (key, setting) => {
          const out = cryptFn?.(key, setting);
          return typeof out === 'string' ? out : null;
        },
      };
    } catch (error) {
      return new Error(
        `cannot load koffi from ${path}: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
  }
  return new Error(`koffi native module not found (tried ${tried.join(', ') || 'nothing'})`);
}
