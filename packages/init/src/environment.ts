import { EnvError } from './errors.ts';
import { parseRuntimeEnv, type RuntimeEnv } from './runtime-env.ts';
import { parseUserEnv, type RunningIds, type UserIdentity } from './user-env.ts';

/** The validated container environment. */
export interface Environment {
  /** The desktop user (USER, UID, GID, PASSWORD). */
  readonly user: UserIdentity;
  /** Paths, ports and timeouts (IDLE_TIME, HTTP_PORT, PREFIX, HELIOS_*). */
  readonly runtime: RuntimeEnv;
}

/**
 * Validates the whole environment and reports every problem at once, so a
 * user fixing a `docker run` line sees all mistakes in one go. `running` is
 * who init runs as; other than root it means restricted mode (see
 * {@link parseUserEnv}).
 *
 * @throws {EnvError} `HELIOS_INIT_ENV_INVALID`.
 */
export function parseEnvironment(
  env: Readonly<Record<string, string | undefined>>,
  running?: RunningIds,
): Environment {
  const issues: string[] = [];
  const attempt = <T>(parse: () => T): T | undefined => {
    try {
      return parse();
    } catch (error) {
      if (!(error instanceof EnvError)) throw error;
      issues.push(...error.issues);
      return undefined;
    }
  };
  const user = attempt(() => parseUserEnv(env, running));
  const runtime = attempt(() => parseRuntimeEnv(env));
  if (!user || !runtime) throw new EnvError(issues);
  return Object.freeze({ user, runtime });
}
