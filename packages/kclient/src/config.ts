import { z } from 'zod';
import { ConfigError } from './errors.ts';
import { parseVncAddress, type VncAddress } from './vnc-address.ts';

/**
 * Options of {@link createGateway}. Every field except `vnc` is optional;
 * numbers may also be given as decimal strings (as they arrive from the
 * environment or the command line).
 */
export interface GatewayOptions {
  /** VNC server: `unix:/path.sock` or `tcp:HOST:PORT`. Env `HELIOS_VNC`, flag `--vnc`. */
  vnc: string;
  /** HTTP port. Env `HTTP_PORT`, flag `--port`. `0` picks a free port. @default 3000 */
  port?: number | string;
  /** Listen address. Env `HELIOS_HOST`, flag `--host`. @default '0.0.0.0' */
  host?: string;
  /** URL path the client is served under; starts and ends with `/`. Env `PREFIX`. @default '/' */
  prefix?: string;
  /** Page title. Env `TITLE`, flag `--title`. @default 'Helios' */
  title?: string;
  /** Folder holding the built browser client. Env `HELIOS_CLIENT_DIR`. @default `client/` next to the server file */
  clientDir?: string;
  /** init's `state.json`; when set, health follows its `ready` flag. Env `HELIOS_STATE_FILE`. @default undefined */
  stateFile?: string;
  /** File whose mtime is bumped on user input. Env `HELIOS_ACTIVITY_FILE`. @default undefined */
  activityFile?: string;
  /** Make `{prefix}` itself view-only too. Env `HELIOS_VIEW_ONLY=true`. @default false */
  viewOnly?: boolean | string;
  /**
   * Extra origins allowed to open the WebSocket, besides the request's own
   * host (`*` allows any). Env `HELIOS_ALLOWED_ORIGINS` (comma separated).
   * @default []
   */
  allowedOrigins?: readonly string[] | string;
  /** Concurrent WebSocket connections. Env `HELIOS_MAX_CONNECTIONS`. @default 100 */
  maxConnections?: number | string;
  /** Largest WebSocket message accepted, in bytes. Env `HELIOS_MAX_PAYLOAD`. @default 4194304 */
  maxPayload?: number | string;
  /** Seconds between heartbeat pings; a peer silent for two periods is dropped. Env `HELIOS_HEARTBEAT_SECONDS`. @default 30 */
  heartbeatSeconds?: number | string;
  /** HTTPS port; unset means no HTTPS. Env `HTTPS_PORT`. @default undefined */
  httpsPort?: number | string;
  /** Mounted PEM certificate for HTTPS; wins over the self-signed one. Env `HTTPS_CERT`. @default undefined */
  httpsCert?: string;
  /** Mounted PEM private key, given together with `httpsCert`. Env `HTTPS_KEY`. @default undefined */
  httpsKey?: string;
  /**
   * Folder where HTTPS without a mounted certificate keeps the self-signed
   * certificate it makes at first start. Env `HELIOS_TLS_DIR`, flag `--tls-dir`.
   * @default `$XDG_CONFIG_HOME/helios/tls`, else `~/.config/helios/tls`
   */
  tlsDir?: string;
  /** Bearer token protecting pages, WebSocket and metrics. Env `HELIOS_AUTH_TOKEN(_FILE)`. @default undefined */
  authToken?: string;
  /** Basic-auth user name. Env `HELIOS_AUTH_USER`. @default undefined */
  authUser?: string;
  /** Basic-auth password. Env `HELIOS_AUTH_PASSWORD(_FILE)`. @default undefined */
  authPassword?: string;
  /** Log level. Env `HELIOS_LOG_LEVEL`. @default 'info' */
  logLevel?: string;
}

/** Validated, frozen configuration the gateway runs with. */
export interface GatewayConfig {
  readonly vnc: VncAddress;
  readonly port: number;
  readonly host: string;
  readonly prefix: string;
  readonly title: string;
  readonly clientDir: string | undefined;
  readonly stateFile: string | undefined;
  readonly activityFile: string | undefined;
  readonly viewOnly: boolean;
  readonly allowedOrigins: readonly string[];
  readonly maxConnections: number;
  readonly maxPayload: number;
  readonly heartbeatMs: number;
  /** HTTPS listener; without `cert`/`key` a self-signed pair is kept in `dir` (default when undefined). */
  readonly https:
    | {
        readonly port: number;
        readonly cert: string | undefined;
        readonly key: string | undefined;
        readonly dir: string | undefined;
      }
    | undefined;
  readonly auth: GatewayAuth | undefined;
  readonly logLevel: LogLevel;
}

/** Credentials the gateway accepts; at least one of the two is set. */
export interface GatewayAuth {
  readonly token: string | undefined;
  readonly basic: { readonly user: string; readonly password: string } | undefined;
}

/** Levels understood by the logger. */
export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';

/** Where each option comes from, used to name it in error messages. */
export const OPTION_SOURCES: Readonly<Record<keyof GatewayOptions, string>> = Object.freeze({
  vnc: 'HELIOS_VNC / --vnc',
  port: 'HTTP_PORT / --port',
  host: 'HELIOS_HOST / --host',
  prefix: 'PREFIX / --prefix',
  title: 'TITLE / --title',
  clientDir: 'HELIOS_CLIENT_DIR / --client-dir',
  stateFile: 'HELIOS_STATE_FILE / --state-file',
  activityFile: 'HELIOS_ACTIVITY_FILE / --activity-file',
  viewOnly: 'HELIOS_VIEW_ONLY / --view-only',
  allowedOrigins: 'HELIOS_ALLOWED_ORIGINS / --allowed-origins',
  maxConnections: 'HELIOS_MAX_CONNECTIONS / --max-connections',
  maxPayload: 'HELIOS_MAX_PAYLOAD / --max-payload',
  heartbeatSeconds: 'HELIOS_HEARTBEAT_SECONDS / --heartbeat-seconds',
  httpsPort: 'HTTPS_PORT / --https-port',
  httpsCert: 'HTTPS_CERT / --https-cert',
  httpsKey: 'HTTPS_KEY / --https-key',
  tlsDir: 'HELIOS_TLS_DIR / --tls-dir',
  authToken: 'HELIOS_AUTH_TOKEN(_FILE)',
  authUser: 'HELIOS_AUTH_USER',
  authPassword: 'HELIOS_AUTH_PASSWORD(_FILE)',
  logLevel: 'HELIOS_LOG_LEVEL / --log-level',
});

const integer = (min: number, max: number) => {
  const error = `expected an integer from ${min} to ${max}`;
  return z
    .union([z.number(), z.string().trim().regex(/^\d+$/).transform(Number)], { error })
    .pipe(z.number({ error }).int({ error }).min(min, { error }).max(max, { error }));
};

const boolean = z.union([
  z.boolean(),
  z
    .string()
    .trim()
    .toLowerCase()
    .pipe(z.enum(['1', '0', 'true', 'false', 'yes', 'no', '']))
    .transform((value) => value === '1' || value === 'true' || value === 'yes'),
]);

const origin = z
  .string()
  .trim()
  .transform((value, ctx) => {
    if (value === '*') return value;
    try {
      const url = new URL(value);
      if (url.origin !== 'null') return url.origin;
    } catch {}
    ctx.addIssue({ code: 'custom', message: `expected an origin such as https://example.com or *` });
    return z.NEVER;
  });

const optionalText = z.string().min(1).optional();
const path = z.string().trim().min(1).optional();

const schema = z
  .object({
    vnc: z
      .string({ error: 'required: expected "unix:/path/to.sock" or "tcp:HOST:PORT"' })
      .trim()
      .transform((value, ctx) => {
        const parsed = parseVncAddress(value);
        if ('problem' in parsed) {
          ctx.addIssue({ code: 'custom', message: parsed.problem });
          return z.NEVER;
        }
        return parsed;
      }),
    port: integer(0, 65535).default(3000),
    host: z.string().trim().min(1).default('0.0.0.0'),
    prefix: z
      .string()
      .default('/')
      .refine((value) => /^\/(?:[A-Za-z0-9._~!$&'()*+,;=:@%-]+\/)*$/.test(value), {
        message: 'expected a path that starts and ends with "/", such as /desktop/',
      }),
    title: z.string().default('Helios'),
    clientDir: path,
    stateFile: path,
    activityFile: path,
    viewOnly: boolean.default(false),
    allowedOrigins: z
      .union([z.array(z.string()), z.string().transform((value) => value.split(','))])
      .transform((list) => list.map((entry) => entry.trim()).filter((entry) => entry !== ''))
      .pipe(z.array(origin))
      .default([]),
    maxConnections: integer(1, 100_000).default(100),
    maxPayload: integer(1024, 1 << 30).default(4 * 1024 * 1024),
    heartbeatSeconds: integer(0, 86_400).default(30),
    httpsPort: integer(0, 65535).optional(),
    httpsCert: path,
    httpsKey: path,
    tlsDir: path,
    authToken: optionalText,
    authUser: optionalText,
    authPassword: optionalText,
    logLevel: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  })
  .superRefine((value, ctx) => {
    if ((value.httpsCert === undefined) !== (value.httpsKey === undefined)) {
      ctx.addIssue({
        code: 'custom',
        path: [value.httpsCert === undefined ? 'httpsCert' : 'httpsKey'],
        message: 'HTTPS_CERT and HTTPS_KEY must be given together',
      });
    }
    if ((value.authUser === undefined) !== (value.authPassword === undefined)) {
      ctx.addIssue({
        code: 'custom',
        path: [value.authUser === undefined ? 'authUser' : 'authPassword'],
        message: 'HELIOS_AUTH_USER and HELIOS_AUTH_PASSWORD must be given together',
      });
    }
    if (value.httpsPort !== undefined && value.httpsPort !== 0 && value.httpsPort === value.port) {
      ctx.addIssue({ code: 'custom', path: ['httpsPort'], message: 'must differ from HTTP_PORT' });
    }
  });

/** Outcome of {@link validateConfig}: a config exactly when `errors` is empty. */
export type ConfigReport =
  | { readonly config: GatewayConfig; readonly warnings: readonly string[]; readonly errors: readonly [] }
  | {
      readonly config: undefined;
      readonly warnings: readonly string[];
      readonly errors: readonly string[];
      /** The zod error behind `errors`, for a `cause`. */
      readonly cause: unknown;
    };

/**
 * Validates options (typed, or strings from env and flags) into a frozen
 * {@link GatewayConfig}, collecting every problem, each as
 * `key (VARIABLE / --flag): what, received …`, and warnings about options
 * that have no effect. Never throws.
 */
export function validateConfig(options: Partial<Record<keyof GatewayOptions, unknown>>): ConfigReport {
  const result = schema.safeParse(options, { reportInput: true });
  const warnings = Object.freeze(collectWarnings(options));
  if (!result.success) {
    return Object.freeze({
      config: undefined,
      warnings,
      errors: Object.freeze(result.error.issues.map(formatIssue)),
      cause: result.error,
    });
  }
  return Object.freeze({ config: toConfig(result.data), warnings, errors: Object.freeze([]) as readonly [] });
}

/**
 * {@link validateConfig}, throwing one {@link ConfigError} that lists every
 * problem, so a user fixes their configuration in one go.
 */
export function resolveConfig(options: Partial<Record<keyof GatewayOptions, unknown>>): GatewayConfig {
  const report = validateConfig(options);
  if (report.config === undefined) throw new ConfigError(report.errors, { cause: report.cause });
  return report.config;
}

function collectWarnings(options: Partial<Record<keyof GatewayOptions, unknown>>): string[] {
  const set = (key: keyof GatewayOptions) => options[key] !== undefined && options[key] !== '';
  const warnings: string[] = [];
  if (!set('httpsPort')) {
    for (const key of ['httpsCert', 'httpsKey', 'tlsDir'] as const) {
      if (set(key)) warnings.push(`${key} (${OPTION_SOURCES[key]}): has no effect without HTTPS_PORT`);
    }
  } else if (set('tlsDir') && set('httpsCert') && set('httpsKey')) {
    warnings.push(`tlsDir (${OPTION_SOURCES.tlsDir}): unused, the mounted HTTPS_CERT and HTTPS_KEY win`);
  }
  return warnings;
}

function toConfig(value: z.output<typeof schema>): GatewayConfig {
  const auth =
    value.authToken !== undefined || value.authUser !== undefined
      ? Object.freeze({
          token: value.authToken,
          basic:
            value.authUser !== undefined && value.authPassword !== undefined
              ? Object.freeze({ user: value.authUser, password: value.authPassword })
              : undefined,
        })
      : undefined;
  return Object.freeze({
    vnc: value.vnc,
    port: value.port,
    host: value.host,
    prefix: value.prefix,
    title: value.title,
    clientDir: value.clientDir,
    stateFile: value.stateFile,
    activityFile: value.activityFile,
    viewOnly: value.viewOnly,
    allowedOrigins: Object.freeze(value.allowedOrigins),
    maxConnections: value.maxConnections,
    maxPayload: value.maxPayload,
    heartbeatMs: value.heartbeatSeconds * 1000,
    https:
      value.httpsPort === undefined
        ? undefined
        : Object.freeze({
            port: value.httpsPort,
            cert: value.httpsCert,
            key: value.httpsKey,
            dir: value.tlsDir,
          }),
    auth,
    logLevel: value.logLevel,
  });
}

function formatIssue(issue: z.core.$ZodIssue): string {
  const key = issue.path[0];
  const where =
    typeof key === 'string' && key in OPTION_SOURCES
      ? `${key} (${OPTION_SOURCES[key as keyof GatewayOptions]})`
      : issue.path.join('.') || 'options';
  const secret = key === 'authToken' || key === 'authPassword';
  const received =
    'input' in issue && issue.input !== undefined && !secret ? `, received ${truncate(issue.input)}` : '';
  return `${where}: ${issue.message}${received}`;
}

function truncate(input: unknown): string {
  const text = JSON.stringify(input) ?? String(input);
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}
