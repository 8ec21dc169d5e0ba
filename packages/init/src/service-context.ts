import type { RuntimeEnv } from './runtime-env.ts';
import type { UserIdentity } from './user-env.ts';

/** Facts about this container that service commands and environments are built from. */
export interface ServiceContext {
  /** The desktop user. */
  readonly user: UserIdentity;
  /** The user's home folder. */
  readonly home: string;
  /** The user's login shell. */
  readonly shell: string;
  /** Primary and supplementary group ids the user's processes get. */
  readonly groupIds: readonly number[];
  /** XDG_RUNTIME_DIR of the user. */
  readonly runtimeDir: string;
  /** X display, for example `:1`. */
  readonly display: string;
  /** Port kclient listens on. */
  readonly httpPort: number;
  /** Xvnc's most updates per second to a viewer. */
  readonly frameRate: number;
  /** URL prefix of kclient. */
  readonly prefix: string;
  /** Title of kclient's page and the VNC desktop. */
  readonly title: string;
  /** Node binary running kclient. */
  readonly nodeBinary: string;
  /** kclient's bundle. */
  readonly kclientBundle: string;
  /** Where init writes state.json. */
  readonly stateFile: string;
  /** Whose mtime kclient bumps on user input. */
  readonly activityFile: string;
  /** Unix socket Xvnc serves VNC on. */
  readonly vncSocket: string;
  /**
   * Gateway options from the container (`HELIOS_*` that init does not own),
   * secrets already replaced by `<NAME>_FILE` paths; kclient's environment only.
   */
  readonly gatewayEnv: Readonly<Record<string, string>>;
  /**
   * Whether init is root and drops privileges for user services. False in
   * restricted mode: every service runs as init's own uid, with the user's
   * session environment, whatever its `runAs`.
   */
  readonly privileged: boolean;
  /**
   * Variables every service gets so the user entry resolves (nss_wrapper's
   * LD_PRELOAD and files in restricted mode); empty as root.
   */
  readonly sessionEnv: Readonly<Record<string, string>>;
}

/** How services are started: by root dropping privileges, or as init's own uid. */
export interface SessionMode {
  readonly privileged: boolean;
  readonly env: Readonly<Record<string, string>>;
}

/** Builds the {@link ServiceContext} from the validated environment and the user's passwd entry. */
export function makeServiceContext(
  user: UserIdentity,
  runtime: RuntimeEnv,
  account: { readonly home: string; readonly shell: string; readonly groupIds: readonly number[] },
  gatewayEnv: Readonly<Record<string, string>> = {},
  session: SessionMode = { privileged: true, env: {} },
): ServiceContext {
  const runtimeDir = `${runtime.runtimeRoot}/${user.uid}`;
  return Object.freeze({
    user,
    home: account.home,
    shell: account.shell,
    groupIds: account.groupIds,
    runtimeDir,
    display: runtime.display,
    httpPort: runtime.httpPort,
    frameRate: runtime.frameRate,
    prefix: runtime.prefix,
    title: runtime.title,
    nodeBinary: runtime.nodeBinary,
    kclientBundle: runtime.kclientBundle,
    stateFile: `${runtime.runDir}/state.json`,
    activityFile: `${runtimeDir}/activity`,
    vncSocket: `${runtimeDir}/vnc.sock`,
    gatewayEnv: Object.freeze({ ...gatewayEnv }),
    privileged: session.privileged,
    sessionEnv: Object.freeze({ ...session.env }),
  });
}

/**
 * Values `${NAME}` placeholders in config-file services may use. Also the
 * base environment of user services (minus the HELIOS_ internals).
 */
export function templateValues(ctx: ServiceContext): Readonly<Record<string, string>> {
  return Object.freeze({
    HOME: ctx.home,
    USER: ctx.user.name,
    LOGNAME: ctx.user.name,
    SHELL: ctx.shell,
    UID: String(ctx.user.uid),
    GID: String(ctx.user.gid),
    XDG_RUNTIME_DIR: ctx.runtimeDir,
    DISPLAY: ctx.display,
    DISPLAY_NUMBER: ctx.display.slice(1),
    HTTP_PORT: String(ctx.httpPort),
    PREFIX: ctx.prefix,
    TITLE: ctx.title,
    HELIOS_NODE: ctx.nodeBinary,
    HELIOS_KCLIENT_BUNDLE: ctx.kclientBundle,
    HELIOS_STATE_FILE: ctx.stateFile,
    HELIOS_ACTIVITY_FILE: ctx.activityFile,
    HELIOS_VNC: `unix:${ctx.vncSocket}`,
  });
}
