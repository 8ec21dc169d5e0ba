/**
 * Every error this package raises, each with a stable `code`. The README's
 * error table is checked against {@link ERROR_CODES} by a test, so adding a
 * code here without documenting it fails the test run.
 */

/** Stable error codes, one per problem. */
export const ERROR_CODES = Object.freeze({
  ENV_INVALID: 'HELIOS_INIT_ENV_INVALID',
  CONFIG_INVALID: 'HELIOS_INIT_CONFIG_INVALID',
  CONFIG_UNREADABLE: 'HELIOS_INIT_CONFIG_UNREADABLE',
  CLI_INVALID: 'HELIOS_INIT_CLI_INVALID',
  SERVICE_GRAPH_INVALID: 'HELIOS_INIT_SERVICE_GRAPH_INVALID',
  USER_SETUP_FAILED: 'HELIOS_INIT_USER_SETUP_FAILED',
  RUNTIME_DIR_FAILED: 'HELIOS_INIT_RUNTIME_DIR_FAILED',
  HOOK_FAILED: 'HELIOS_INIT_HOOK_FAILED',
  SERVICE_FAILED: 'HELIOS_INIT_SERVICE_FAILED',
  STATE_UNREADABLE: 'HELIOS_INIT_STATE_UNREADABLE',
  SECRET_UNREADABLE: 'HELIOS_INIT_SECRET_UNREADABLE',
  RESTRICTED_SETUP_FAILED: 'HELIOS_INIT_RESTRICTED_SETUP_FAILED',
} as const);

/** One of the {@link ERROR_CODES} values. */
export type InitErrorCode = (typeof ERROR_CODES)[keyof typeof ERROR_CODES];

/** Base class of every error raised by `@helios/init`. */
export class InitError extends Error {
  /** Stable machine-readable code, for example `HELIOS_INIT_ENV_INVALID`. */
  readonly code: InitErrorCode;

  constructor(code: InitErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
    this.code = code;
  }
}

/** The container environment (USER, UID, GID, IDLE_TIME, HELIOS_*) is invalid. */
export class EnvError extends InitError {
  /** One line per problem: `VARIABLE: what (expected …, received …)`. */
  readonly issues: readonly string[];

  constructor(issues: readonly string[], options?: { cause?: unknown }) {
    super(ERROR_CODES.ENV_INVALID, `invalid environment:\n  - ${issues.join('\n  - ')}`, options);
    this.issues = Object.freeze([...issues]);
  }
}

/** The JSON config file (HELIOS_INIT_CONFIG) does not match its schema. */
export class ConfigError extends InitError {
  /** One line per problem: `path.in.file: what (expected …, received …)`. */
  readonly issues: readonly string[];

  constructor(file: string, issues: readonly string[], options?: { cause?: unknown }) {
    super(ERROR_CODES.CONFIG_INVALID, `invalid config file ${file}:\n  - ${issues.join('\n  - ')}`, options);
    this.issues = Object.freeze([...issues]);
  }
}

/** The config file exists but cannot be read or is not JSON. */
export class ConfigUnreadableError extends InitError {
  constructor(file: string, cause: unknown) {
    super(
      ERROR_CODES.CONFIG_UNREADABLE,
      `cannot read config file ${file} (expected a readable JSON file): ${describe(cause)}`,
      { cause },
    );
  }
}

/** Command-line arguments are invalid. */
export class CliError extends InitError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(ERROR_CODES.CLI_INVALID, message, options);
  }
}

/** The service table names unknown dependencies or has a cycle. */
export class ServiceGraphError extends InitError {
  constructor(message: string) {
    super(ERROR_CODES.SERVICE_GRAPH_INVALID, `invalid service table: ${message}`);
  }
}

/** Creating or updating the desktop user, its group or home failed. */
export class UserSetupError extends InitError {
  constructor(step: string, cause: unknown) {
    super(ERROR_CODES.USER_SETUP_FAILED, `user setup failed while ${step}: ${describe(cause)}`, { cause });
  }
}

/** A runtime directory (/run/helios, XDG_RUNTIME_DIR, /tmp/.X11-unix) could not be prepared. */
export class RuntimeDirError extends InitError {
  /** The folder that could not be prepared. */
  readonly path: string;

  /**
   * @param problem - an Error (its message is used) or the whole explanation, fix included.
   * @param cause - the underlying error, when `problem` is an explanation.
   */
  constructor(path: string, problem: unknown, cause: unknown = problem) {
    super(ERROR_CODES.RUNTIME_DIR_FAILED, `cannot prepare runtime directory ${path}: ${describe(problem)}`, {
      cause,
    });
    this.path = path;
  }
}

/**
 * Restricted mode (not root) cannot start: a folder it must write is not
 * writable, or the user entry cannot be presented. Each problem names its fix.
 */
export class RestrictedSetupError extends InitError {
  /** One line per problem: what, where, expected, and the fix. */
  readonly problems: readonly string[];

  constructor(running: { readonly uid: number; readonly gid: number }, problems: readonly string[]) {
    super(
      ERROR_CODES.RESTRICTED_SETUP_FAILED,
      `cannot start without root (running as uid ${running.uid}, gid ${running.gid}):\n  - ${problems.join('\n  - ')}`,
    );
    this.problems = Object.freeze([...problems]);
  }
}

/** An init hook failed while HELIOS_STRICT_HOOKS=1. */
export class HookError extends InitError {
  /** The hook script that failed. */
  readonly script: string;

  constructor(script: string, outcome: string) {
    super(
      ERROR_CODES.HOOK_FAILED,
      `init hook ${script} failed (${outcome}; expected exit code 0) and HELIOS_STRICT_HOOKS=1 makes this fatal`,
    );
    this.script = script;
  }
}

/** A critical service failed too often and the container must stop. */
export class ServiceFailedError extends InitError {
  /** The service that failed. */
  readonly service: string;

  constructor(service: string, detail: string) {
    super(ERROR_CODES.SERVICE_FAILED, `critical service ${service} failed: ${detail}`);
    this.service = service;
  }
}

/** `helios-init status` could not read the state file. */
export class StateUnreadableError extends InitError {
  constructor(file: string, cause: unknown) {
    super(
      ERROR_CODES.STATE_UNREADABLE,
      `cannot read state file ${file} (expected JSON written by a running helios-init): ${describe(cause)}`,
      { cause },
    );
  }
}

/** A gateway secret given as `<NAME>_FILE` cannot be read, or is empty. */
export class SecretUnreadableError extends InitError {
  constructor(variable: string, file: string, problem: string, cause?: unknown) {
    super(
      ERROR_CODES.SECRET_UNREADABLE,
      `${variable}_FILE=${file}: ${problem} (expected a readable file holding the secret, such as a Docker or Kubernetes secret mount)`,
      { cause },
    );
  }
}

/** A one-line description of any thrown value, for messages. */
export function describe(cause: unknown): string {
  if (cause instanceof Error) return cause.message;
  return String(cause);
}
