import { type FSWatcher, statSync, watch } from 'node:fs';
import { basename, dirname } from 'node:path';
import { folderScripts } from './hook-discovery.ts';
import { runHookSequence } from './hook-sequence.ts';
import { IdleWatch } from './idle-watch.ts';
import type { OutputSink } from './output-sink.ts';

/** Options of {@link startIdleHooks}. */
export interface IdleHooksOptions {
  /** Idle period. */
  readonly periodMs: number;
  /** File whose mtime kclient bumps on input (HELIOS_ACTIVITY_FILE). */
  readonly activityFile: string;
  /** Root of the hook folders (idle.d is below it). */
  readonly etcDir: string;
  readonly hookTimeoutMs: number;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly output: OutputSink;
  readonly log: (message: string) => void;
}

/**
 * Runs idle.d once per idle period. Input arrives as an inotify event on the
 * activity file's folder (the file may not exist yet), so nothing polls.
 * Returns a function that stops watching.
 */
export function startIdleHooks(options: IdleHooksOptions): () => void {
  const { activityFile, log } = options;
  let running = false;
  const idle = new IdleWatch({
    periodMs: options.periodMs,
    lastActivity: () => statSync(activityFile, { throwIfNoEntry: false })?.mtimeMs,
    onIdle: () => {
      const scripts = folderScripts(options.etcDir, 'idle.d');
      // A slow hook must not overlap itself when the next idle period comes.
      if (running || scripts.length === 0) return;
      log(`idle for ${Math.round(options.periodMs / 1000)} s: running ${scripts.length} idle hook(s)`);
      running = true;
      void runHookSequence(scripts, { ...options, timeoutMs: options.hookTimeoutMs }).finally(() => {
        running = false;
      });
    },
  });
  let watcher: FSWatcher | undefined;
  try {
    watcher = watch(dirname(activityFile), { persistent: false }, (_event, name) => {
      if (name === null || name === basename(activityFile)) idle.activity();
    });
    watcher.on('error', (error) => log(`idle watch stopped: ${error.message}`));
  } catch (error) {
    log(`cannot watch ${dirname(activityFile)}; idle hooks run only once: ${(error as Error).message}`);
  }
  idle.start();
  return () => {
    idle.stop();
    watcher?.close();
  };
}
