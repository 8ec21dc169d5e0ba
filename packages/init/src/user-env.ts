import * as z from 'zod/mini';
import { accept, envField, type FieldResult, refuse } from './env-field.ts';
import { EnvError } from './errors.ts';
import { formatIssues, quoteReceived, useEnglishMessages } from './format-issues.ts';

/**
 * The ids helios-init itself runs as. Anything but uid 0 is restricted mode
 * (`docker run --user UID:GID`): the desktop user is the running user.
 */
export interface RunningIds {
  readonly uid: number;
  readonly gid: number;
}

/** The desktop user the container runs its desktop services as. */
export interface UserIdentity {
  /** Login name (USER). */
  readonly name: string;
  /** Numeric user id (UID), never 0. In restricted mode the running uid. */
  readonly uid: number;
  /**
   * Numeric primary group id (GID). @default uid; in restricted mode the
   * running gid, which may be 0 (`--user 1000` without a group).
   */
  readonly gid: number;
  /** Linux password (PASSWORD); `undefined` leaves the account without one. */
  readonly password: string | undefined;
}

/**
 * Longest accepted user name: utmp's `ut_user` is 32 bytes, and useradd on
 * Debian refuses longer names.
 */
const MAX_USER_NAME = 32;

/** Highest accepted id: the kernel's uid_t is 32 bits and `(uid_t)-1` means "unchanged". */
const MAX_ID = 2147483647;

/**
 * Portable POSIX user names as useradd accepts them without `--badname`:
 * lowercase letters, digits, `_` and `-`, not starting with a digit or `-`.
 */
const USER_NAME = /^[a-z_][a-z0-9_-]*$/;

function parseId(variable: string, raw: string | undefined): FieldResult<number> {
  if (raw === undefined) return refuse(`${variable} is required (expected a value, received nothing)`);
  if (!/^[0-9]+$/.test(raw)) {
    return refuse(`must be a decimal number (expected 1-${MAX_ID}, received ${quoteReceived(raw)})`);
  }
  const id = Number(raw);
  if (id < 1 || id > MAX_ID) {
    const why = id === 0 ? `${variable} 0 is root, which the desktop must not run as` : 'out of range';
    return refuse(`${why} (expected 1-${MAX_ID}, received ${quoteReceived(raw)})`);
  }
  return accept(id);
}

function parseUserName(raw: string | undefined): FieldResult<string> {
  if (raw === undefined) return refuse('USER is required (expected a value, received nothing)');
  if (raw === 'root') return refuse('must not be root (expected a regular user name, received "root")');
  if (raw.length > MAX_USER_NAME) {
    return refuse(`is too long (expected at most ${MAX_USER_NAME} characters, received ${raw.length})`);
  }
  if (!USER_NAME.test(raw)) {
    return refuse(
      'is not a portable POSIX user name (expected lowercase letters, digits, _ or -, ' +
        `not starting with a digit or -, received ${quoteReceived(raw)})`,
    );
  }
  return accept(raw);
}

const userEnvSchema = z.object({
  USER: envField(parseUserName),
  UID: envField((raw) => parseId('UID', raw)),
  GID: envField((raw) => (raw === undefined ? accept(undefined) : parseId('GID', raw))),
  PASSWORD: z.optional(z.string()),
});

/**
 * In restricted mode the kernel already decided the ids: UID and GID may be
 * left out, and when given they must say the same as `--user`, or the user
 * entry and the processes would disagree.
 */
function matchRunning(
  variable: 'UID' | 'GID',
  raw: string | undefined,
  running: number,
  flag: string,
): FieldResult<number> {
  if (raw === undefined) return accept(running);
  // `--user 1000:0` (OpenShift's way) makes GID=0 the truth, not a request for root.
  if (/^[0-9]+$/.test(raw) && Number(raw) === running) return accept(running);
  const parsed = parseId(variable, raw);
  if (!parsed.ok || parsed.value === running) return parsed;
  return refuse(
    `does not match the ${variable === 'UID' ? 'user' : 'group'} the container runs as ` +
      `(expected ${running} as in ${flag}, received ${quoteReceived(raw)}); set it to ${running} or leave it out`,
  );
}

/**
 * Validates USER, UID, GID and PASSWORD before anything on disk is touched.
 * Every problem is reported at once. With `running` ids other than root
 * (restricted mode), UID and GID default to them and must match them.
 *
 * @throws {EnvError} `HELIOS_INIT_ENV_INVALID` listing each bad variable.
 */
export function parseUserEnv(
  env: Readonly<Record<string, string | undefined>>,
  running?: RunningIds,
): UserIdentity {
  useEnglishMessages();
  const input = {
    USER: env.USER,
    UID: env.UID,
    GID: env.GID === '' ? undefined : env.GID,
    PASSWORD: env.PASSWORD === '' ? undefined : env.PASSWORD,
  };
  if (running !== undefined && running.uid !== 0) {
    const flag = `--user ${running.uid}:${running.gid}`;
    const restrictedSchema = z.object({
      USER: envField(parseUserName),
      UID: envField((raw) => matchRunning('UID', raw === '' ? undefined : raw, running.uid, flag)),
      GID: envField((raw) =>
        raw === undefined ? accept(running.gid) : matchRunning('GID', raw, running.gid, flag),
      ),
      PASSWORD: z.optional(z.string()),
    });
    const result = restrictedSchema.safeParse(input);
    if (!result.success) throw new EnvError(formatIssues(result.error));
    const { USER, UID, GID, PASSWORD } = result.data;
    return Object.freeze({ name: USER, uid: UID, gid: GID, password: PASSWORD });
  }
  const result = userEnvSchema.safeParse(input);
  if (!result.success) throw new EnvError(formatIssues(result.error));
  const { USER, UID, GID, PASSWORD } = result.data;
  return Object.freeze({ name: USER, uid: UID, gid: GID ?? UID, password: PASSWORD });
}
