import * as z from 'zod/mini';
import { accept, envField, refuse } from './env-field.ts';
import { EnvError } from './errors.ts';
import { formatIssues, quoteReceived, useEnglishMessages } from './format-issues.ts';

/**
 * Everything helios-init reads from the environment besides the user
 * identity. Paths default to the image layout; tests and other containers
 * point them elsewhere.
 */
export interface RuntimeEnv {
  /** Minutes without input before idle hooks run, fractions allowed; 0 disables (IDLE_TIME). @default 30 */
  readonly idleMinutes: number;
  /** Port kclient listens on (HTTP_PORT). @default 3000 */
  readonly httpPort: number;
  /** URL prefix kclient serves under (PREFIX). @default "/" */
  readonly prefix: string;
  /** Page title kclient shows (TITLE). @default "Helios" */
  readonly title: string;
  /** A failing init hook stops boot (HELIOS_STRICT_HOOKS=1). @default false */
  readonly strictHooks: boolean;
  /** Seconds one init.d hook may run (HELIOS_HOOK_TIMEOUT). @default 120 */
  readonly hookTimeoutMs: number;
  /** Seconds all shutdown.d hooks together may run (HELIOS_SHUTDOWN_HOOK_TIMEOUT). @default 3 */
  readonly shutdownHookTimeoutMs: number;
  /** Seconds the whole stop may take before everything is killed (HELIOS_STOP_DEADLINE). @default 8 */
  readonly stopDeadlineMs: number;
  /** JSON config file; missing is fine (HELIOS_INIT_CONFIG). @default "/etc/helios/init.json" */
  readonly configFile: string;
  /** Root of the hook folders init.d, services.d, idle.d, shutdown.d (HELIOS_ETC_DIR). @default "/etc/helios" */
  readonly etcDir: string;
  /** Where state.json lives (HELIOS_RUN_DIR). @default "/run/helios" */
  readonly runDir: string;
  /** Parent of per-user XDG_RUNTIME_DIR folders (HELIOS_RUNTIME_ROOT). @default "/run/user" */
  readonly runtimeRoot: string;
  /** Parent of home folders (HELIOS_HOME_ROOT). @default "/home" */
  readonly homeRoot: string;
  /** Template of a new home (HELIOS_SKEL_DIR). @default "/etc/skel" */
  readonly skelDir: string;
  /** X display the desktop runs on (HELIOS_DISPLAY). @default ":1" */
  readonly display: string;
  /**
   * Most screen updates per second Xvnc sends a viewer (HELIOS_FRAME_RATE).
   * Above TigerVNC's 60 because Xvnc holds the first change after a quiet
   * moment for half a frame: 8 ms at 60, 2 ms at 240. @default 240
   */
  readonly frameRate: number;
  /** kclient's bundled server (HELIOS_KCLIENT_BUNDLE). @default "/opt/helios/kclient/helios-kclient.mjs" */
  readonly kclientBundle: string;
  /** Node binary that runs kclient (HELIOS_NODE). @default the Node running helios-init */
  readonly nodeBinary: string;
  /** Explicit koffi native module for zombie reaping (HELIOS_KOFFI_NATIVE). @default beside the bundle */
  readonly koffiNative: string | undefined;
  /**
   * Absolute globs of .desktop files to link into the applications folder, separated by
   * spaces or colons (DESKTOP_FILES), e.g. `/opt/tools/*.desktop`. @default none
   */
  readonly desktopFiles: readonly string[];
  /** Where DESKTOP_FILES are linked (HELIOS_APPLICATIONS_DIR). @default "/usr/share/applications" */
  readonly applicationsDir: string;
  /**
   * libnss_wrapper.so, which presents the user entry in restricted mode
   * (HELIOS_NSS_WRAPPER). @default found in /usr/lib, /usr/lib/<triplet>, /usr/lib64
   */
  readonly nssWrapper: string | undefined;
}

/** Characters a URL path segment may hold unencoded (RFC 3986 pchar), as kclient checks them. */
const PREFIX_SEGMENTS = /^\/(?:[A-Za-z0-9._~!$&'()*+,;=:@%-]+\/)*$/;

const isUnset = (raw: string | undefined): raw is undefined | '' => raw === undefined || raw === '';

const seconds = (fallback: number, max: number) =>
  envField((raw) => {
    if (isUnset(raw)) return accept(fallback * 1000);
    if (!/^[0-9]+(\.[0-9]+)?$/.test(raw) || Number(raw) > max) {
      return refuse(`must be a number of seconds (expected 0-${max}, received ${quoteReceived(raw)})`);
    }
    return accept(Math.round(Number(raw) * 1000));
  });

const absolutePath = (fallback: string) =>
  envField((raw) => {
    if (isUnset(raw)) return accept(fallback);
    if (!raw.startsWith('/'))
      return refuse(`must be an absolute path (expected /…, received ${quoteReceived(raw)})`);
    return accept(raw);
  });

const optionalPath = envField((raw) => {
  if (isUnset(raw)) return accept(undefined);
  if (!raw.startsWith('/'))
    return refuse(`must be an absolute path (expected /…, received ${quoteReceived(raw)})`);
  return accept(raw);
});

const flag = envField((raw) => {
  if (isUnset(raw) || raw === '0' || raw === 'false') return accept(false);
  if (raw === '1' || raw === 'true') return accept(true);
  return refuse(`must be 0 or 1 (received ${quoteReceived(raw)})`);
});

const runtimeEnvSchema = z.object({
  IDLE_TIME: envField((raw) => {
    if (isUnset(raw)) return accept(30);
    if (!/^[0-9]+(\.[0-9]+)?$/.test(raw) || Number(raw) > 525600) {
      return refuse(`must be minutes, 0 to disable (expected 0-525600, received ${quoteReceived(raw)})`);
    }
    return accept(Number(raw));
  }),
  HTTP_PORT: envField((raw) => {
    if (isUnset(raw)) return accept(3000);
    const port = Number(raw);
    if (!/^[0-9]+$/.test(raw) || port < 1 || port > 65535) {
      return refuse(`must be a TCP port (expected 1-65535, received ${quoteReceived(raw)})`);
    }
    return accept(port);
  }),
  // "desktop", "/desktop" and "/desktop/" all mean /desktop/ (the KasmVNC-era
  // images accepted all three). kclient applies the same rule to PREFIX.
  PREFIX: envField((raw) => {
    const trimmed = (raw ?? '').trim().replace(/^\/+|\/+$/g, '');
    const prefix = trimmed === '' ? '/' : `/${trimmed}/`;
    if (!PREFIX_SEGMENTS.test(prefix)) {
      return refuse(
        "must be a URL path such as /desktop/ (expected letters, digits and -._~!$&'()*+,;=:@%, " +
          `received ${quoteReceived(raw ?? '')})`,
      );
    }
    return accept(prefix);
  }),
  TITLE: envField((raw) => accept(isUnset(raw) ? 'Helios' : raw)),
  HELIOS_STRICT_HOOKS: flag,
  HELIOS_HOOK_TIMEOUT: seconds(120, 86400),
  HELIOS_SHUTDOWN_HOOK_TIMEOUT: seconds(3, 60),
  HELIOS_STOP_DEADLINE: seconds(8, 300),
  HELIOS_INIT_CONFIG: absolutePath('/etc/helios/init.json'),
  HELIOS_ETC_DIR: absolutePath('/etc/helios'),
  HELIOS_RUN_DIR: absolutePath('/run/helios'),
  HELIOS_RUNTIME_ROOT: absolutePath('/run/user'),
  HELIOS_HOME_ROOT: absolutePath('/home'),
  HELIOS_SKEL_DIR: absolutePath('/etc/skel'),
  HELIOS_DISPLAY: envField((raw) => {
    if (isUnset(raw)) return accept(':1');
    if (!/^:[0-9]{1,4}$/.test(raw)) {
      return refuse(`must be a local X display (expected :N, received ${quoteReceived(raw)})`);
    }
    return accept(raw);
  }),
  HELIOS_FRAME_RATE: envField((raw) => {
    if (isUnset(raw)) return accept(240);
    const rate = Number(raw);
    if (!/^[0-9]+$/.test(raw) || rate < 1 || rate > 1000) {
      return refuse(`must be updates per second (expected 1-1000, received ${quoteReceived(raw)})`);
    }
    return accept(rate);
  }),
  HELIOS_KCLIENT_BUNDLE: absolutePath('/opt/helios/kclient/helios-kclient.mjs'),
  HELIOS_NODE: absolutePath(process.execPath),
  HELIOS_KOFFI_NATIVE: optionalPath,
  DESKTOP_FILES: envField((raw) => {
    const globs = (raw ?? '').split(/[\s:]+/).filter((glob) => glob !== '');
    const relative = globs.find((glob) => !glob.startsWith('/'));
    if (relative !== undefined) {
      return refuse(`must list absolute globs (expected /…/*.desktop, received ${quoteReceived(relative)})`);
    }
    return accept(globs);
  }),
  HELIOS_APPLICATIONS_DIR: absolutePath('/usr/share/applications'),
  HELIOS_NSS_WRAPPER: optionalPath,
});

/**
 * The `HELIOS_*` variables init reads or sets itself. Every other `HELIOS_*`
 * variable is a gateway option and goes to kclient (see gateway-env.ts).
 */
export const INIT_VARIABLES: ReadonlySet<string> = Object.freeze(
  new Set([
    ...Object.keys(runtimeEnvSchema.shape),
    // Set by init for kclient from its own layout; a container value would be wrong.
    'HELIOS_VNC',
    'HELIOS_STATE_FILE',
    'HELIOS_ACTIVITY_FILE',
  ]),
);

/**
 * Parses the runtime part of the environment into a frozen {@link RuntimeEnv}.
 *
 * @throws {EnvError} `HELIOS_INIT_ENV_INVALID` listing each bad variable.
 */
export function parseRuntimeEnv(env: Readonly<Record<string, string | undefined>>): RuntimeEnv {
  useEnglishMessages();
  const result = runtimeEnvSchema.safeParse(env);
  if (!result.success) throw new EnvError(formatIssues(result.error));
  const e = result.data;
  return Object.freeze({
    idleMinutes: e.IDLE_TIME,
    httpPort: e.HTTP_PORT,
    prefix: e.PREFIX,
    title: e.TITLE,
    strictHooks: e.HELIOS_STRICT_HOOKS,
    hookTimeoutMs: e.HELIOS_HOOK_TIMEOUT,
    shutdownHookTimeoutMs: e.HELIOS_SHUTDOWN_HOOK_TIMEOUT,
    stopDeadlineMs: e.HELIOS_STOP_DEADLINE,
    configFile: e.HELIOS_INIT_CONFIG,
    etcDir: e.HELIOS_ETC_DIR,
    runDir: e.HELIOS_RUN_DIR,
    runtimeRoot: e.HELIOS_RUNTIME_ROOT,
    homeRoot: e.HELIOS_HOME_ROOT,
    skelDir: e.HELIOS_SKEL_DIR,
    display: e.HELIOS_DISPLAY,
    frameRate: e.HELIOS_FRAME_RATE,
    kclientBundle: e.HELIOS_KCLIENT_BUNDLE,
    nodeBinary: e.HELIOS_NODE,
    koffiNative: e.HELIOS_KOFFI_NATIVE,
    desktopFiles: Object.freeze(e.DESKTOP_FILES),
    applicationsDir: e.HELIOS_APPLICATIONS_DIR,
    nssWrapper: e.HELIOS_NSS_WRAPPER,
  });
}
