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
  /** PEM certificate for HTTPS (required with `httpsPort`). Env `HTTPS_CERT`. @default undefined */
  httpsCert?: string;
  /** PEM private key for HTTPS (required with `httpsPort`). Env `HTTPS_KEY`. @default undefined */
  httpsKey?: string;
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
  readonly https:
    | { readonly port: number; readonly cert: string | undefined; readonly key: string | undefined }
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
    if (value.httpsPort !== undefined && value.httpsCert === undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['httpsCert'],
        message: 'HTTPS needs HTTPS_CERT and HTTPS_KEY (a self-signed certificate is not made yet)',
      });
    }
    if (value.httpsPort !== undefined && value.httpsPort !== 0 && value.httpsPort === value.port) {
      ctx.addIssue({ code: 'custom', path: ['httpsPort'], message: 'must differ from HTTP_PORT' });
    }
  });

/**
 * Validates options (typed, or strings from env and flags) into a frozen
 * {@link GatewayConfig}. Collects every problem before throwing one
 * {@link ConfigError}, so a user fixes their configuration in one go.
 */
export function resolveConfig(options: Partial<Record<keyof GatewayOptions, unknown>>): GatewayConfig {
  const result = schema.safeParse(options, { reportInput: true });
  if (!result.success) {
    throw new ConfigError(result.error.issues.map(formatIssue), { cause: result.error });
  }
  const value = result.data;
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
        : Object.freeze({ port: value.httpsPort, cert: value.httpsCert, key: value.httpsKey }),
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
