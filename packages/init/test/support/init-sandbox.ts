/**
 * The set-up every integration test file shares: check the binaries once, boot
 * helios-init in a sandbox, and afterwards kill every helios-init the tests
 * started and remove their sandboxes, so no test leaks a namespace into the
 * next one.
 */
import { afterAll, afterEach, beforeAll } from 'vitest';
import {
  baseEnv,
  createSandbox,
  type InitHandle,
  requireBinaries,
  type Sandbox,
  type StartOptions,
  startInit,
} from './harness.ts';

/** Options of {@link useInitSandbox}. */
export interface InitSandboxOptions {
  /**
   * When the clean-up runs: `'test'` after each test, `'file'` after the last
   * test of the enclosing `describe`, for files whose tests share one boot.
   * @default 'test'
   */
  readonly scope?: 'test' | 'file';
  /**
   * Variables every {@link InitSandbox.start} adds over {@link baseEnv}; the
   * `env` given to `start` wins over them.
   * @default {}
   */
  readonly env?: Readonly<Record<string, string>>;
}

/** What a test file uses to boot helios-init in a sandbox. */
export interface InitSandbox {
  /** The sandbox {@link InitSandbox.freshSandbox} made last; throws when the test has none. */
  readonly sandbox: Sandbox;
  /** Makes a new sandbox, the current one until the clean-up removes it. */
  freshSandbox(): Sandbox;
  /** Starts helios-init as PID 1 in the current sandbox with {@link baseEnv} plus `env`. */
  start(env?: Record<string, string>, options?: StartOptions): InitHandle;
  /** Starts helios-init in the current sandbox with exactly `env`, to test a missing or invalid environment. */
  startWithExactEnv(env: Record<string, string>): InitHandle;
}

/** What the real desktop needs in a sandbox: X, the session and its bus, audio. */
export const DESKTOP_BINARIES = Object.freeze([
  'Xvnc',
  'xprop',
  'dbus-run-session',
  'xfce4-session',
  'pulseaudio',
  'pactl',
]);

/**
 * Registers, in the enclosing `describe`, a `beforeAll` that fails unless
 * `binaries` are installed (see {@link requireBinaries}) and an `afterEach`
 * (or `afterAll`, see {@link InitSandboxOptions.scope}) that cleans up.
 */
export function useInitSandbox(binaries: readonly string[], options: InitSandboxOptions = {}): InitSandbox {
  const { scope = 'test', env: fileEnv = {} } = options;
  let current: Sandbox | undefined;
  const sandboxes: Sandbox[] = [];
  const started: InitHandle[] = [];

  beforeAll(() => requireBinaries(binaries));
  (scope === 'test' ? afterEach : afterAll)(() => {
    for (const init of started.splice(0)) init.kill();
    for (const sandbox of sandboxes.splice(0)) sandbox.remove();
    current = undefined;
  });

  const currentSandbox = (): Sandbox => {
    if (current === undefined) throw new Error('no sandbox yet: call freshSandbox() first');
    return current;
  };
  const startIn = (env: Record<string, string>, options: StartOptions = {}): InitHandle => {
    const init = startInit(currentSandbox(), env, options);
    started.push(init);
    return init;
  };

  return {
    get sandbox() {
      return currentSandbox();
    },
    freshSandbox() {
      current = createSandbox();
      sandboxes.push(current);
      return current;
    },
    start: (env = {}, options = {}) => startIn(baseEnv({ ...fileEnv, ...env }), options),
    startWithExactEnv: (env) => startIn(env),
  };
}
