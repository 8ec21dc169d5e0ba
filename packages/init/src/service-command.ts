import type { ServiceContext } from './service-context.ts';
import type { RunAs } from './service-spec.ts';

/** Variables never handed to services: the password stays with init. */
const WITHHELD = new Set(['PASSWORD', 'PASSWORD_FILE']);

/**
 * The argv that runs `command` as `runAs`. For the desktop user it goes
 * through setpriv with the user's groups: Node's own uid/gid spawn option
 * calls setgroups(0) and would drop the groups of /dev/dri and audio. The
 * groups are listed explicitly rather than `--init-groups`, which looks the
 * name up by uid and picks the wrong user when an image already has one with
 * that uid (ubuntu:1000 on Noble). Without root (restricted mode) there is
 * no privilege to drop: the command runs as it is.
 */
export function commandFor(command: readonly string[], runAs: RunAs, ctx: ServiceContext): string[] {
  if (runAs === 'root' || !ctx.privileged) return [...command];
  const { uid, gid } = ctx.user;
  const groups = ctx.groupIds.length > 0 ? `--groups=${ctx.groupIds.join(',')}` : '--clear-groups';
  return ['setpriv', `--reuid=${uid}`, `--regid=${gid}`, groups, '--', ...command];
}

/**
 * The environment of a service: the container's environment (so `docker run
 * -e` reaches every app, as the KasmVNC-era Helios images did) minus the password, then the
 * session variables, then the service's own. In restricted mode every
 * service is the user's, and gets the variables that present its user entry.
 */
export function environmentFor(
  runAs: RunAs,
  serviceEnv: Readonly<Record<string, string>>,
  ctx: ServiceContext,
  containerEnv: Readonly<Record<string, string | undefined>>,
): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(containerEnv)) {
    if (value !== undefined && !WITHHELD.has(key) && !key.startsWith('HELIOS_')) env[key] = value;
  }
  env.PATH ??= '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';
  env.DISPLAY = ctx.display;
  if (runAs === 'user' || !ctx.privileged) {
    Object.assign(env, {
      HOME: ctx.home,
      USER: ctx.user.name,
      LOGNAME: ctx.user.name,
      SHELL: ctx.shell,
      XDG_RUNTIME_DIR: ctx.runtimeDir,
    });
  } else {
    Object.assign(env, { HOME: '/root', USER: 'root', LOGNAME: 'root' });
  }
  return Object.assign(env, ctx.sessionEnv, serviceEnv);
}

/** Working directory of a service: the user's home, or / for root. */
export function workingDirectoryFor(runAs: RunAs, ctx: ServiceContext): string {
  return runAs === 'user' || !ctx.privileged ? ctx.home : '/';
}
