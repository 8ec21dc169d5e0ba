import { homedir } from 'node:os';
import { z } from 'zod';
import { ConfigError } from '../errors.ts';
import type { FileTransferPolicy } from '../files/file-policy.ts';
import {
  DEFAULT_PORT,
  GATEWAY_OPTIONS,
  type GatewayOptions,
  OPTION_NAMES,
  type OptionName,
  optionSource,
} from './gateway-options.ts';
import { type HttpsPortPlan, planHttpsPort } from './https-port.ts';
import type { logLevel } from './option-schemas.ts';
import type { VncAddress } from './vnc-address.ts';

/** Levels understood by the logger. */
export type LogLevel = z.output<typeof logLevel>;

/** Validated, frozen settings of `{prefix}audio`. */
export interface AudioConfig {
  /** Whether `{prefix}audio` is served. */
  readonly enabled: boolean;
  /** PulseAudio sink whose monitor is streamed. */
  readonly sink: string;
  /** PulseAudio sink the microphone is played into. */
  readonly micSink: string;
  /** Opus bit rate of desktop audio, bits per second. */
  readonly bitrate: number;
}

/** Validated, frozen settings of `{prefix}video`. */
export interface VideoConfig {
  /** `true`/`false` when set; `undefined`: on when the encoder binary is executable. */
  readonly enabled: boolean | undefined;
  /** Path of `helios-video-encoder`. */
  readonly encoder: string;
}

/** Validated, frozen settings of `{prefix}files/` (docs/file-transfer.md). */
interface FilesConfig {
  /** Which way files may move (FILE_TRANSFER). */
  readonly policy: FileTransferPolicy;
  /** Largest upload in MiB (FILE_TRANSFER_MAX_MB), as the page is told. */
  readonly maxMb: number;
  /** The same limit in bytes. */
  readonly maxBytes: number;
  /** Absolute folder every path is inside (HELIOS_FILE_ROOT, else HOME). */
  readonly root: string;
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
  /**
   * HTTPS listener, `undefined` when off; without `cert`/`key` a self-signed
   * pair is kept in `dir` (default when undefined).
   */
  readonly https:
    | {
        readonly port: number;
        /** HTTPS_PORT was unset: failing to serve it is a warning, not a reason to stop. */
        readonly defaulted: boolean;
        readonly cert: string | undefined;
        readonly key: string | undefined;
        readonly dir: string | undefined;
      }
    | undefined;
  readonly auth: GatewayAuth | undefined;
  readonly logLevel: LogLevel;
  readonly audio: AudioConfig;
  readonly video: VideoConfig;
  readonly files: FilesConfig;
  /** CSP `frame-ancestors` of every page. */
  readonly frameAncestors: string;
  /** Wrong credentials per client address and minute before 429; 0 = no limit. */
  readonly authMaxFailures: number;
}

/** Credentials the gateway accepts; at least one of the two is set. */
export interface GatewayAuth {
  readonly token: string | undefined;
  readonly basic: { readonly user: string; readonly password: string } | undefined;
}

const shape = Object.fromEntries(OPTION_NAMES.map((name) => [name, GATEWAY_OPTIONS[name].schema])) as {
  [K in OptionName]: (typeof GATEWAY_OPTIONS)[K]['schema'];
};

const schema = z.object(shape).superRefine((value, ctx) => {
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
  if (typeof value.httpsPort === 'number' && value.httpsPort !== 0 && value.httpsPort === value.port) {
    ctx.addIssue({ code: 'custom', path: ['httpsPort'], message: 'must differ from HTTP_PORT' });
  }
});

/** Option values before validation: typed ({@link GatewayOptions}) or strings from env and flags. */
export type RawOptionValues = Partial<Record<OptionName, unknown>>;

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
export function validateConfig(options: RawOptionValues): ConfigReport {
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
export function resolveConfig(options: RawOptionValues): GatewayConfig {
  const report = validateConfig(options);
  if (report.config === undefined) throw new ConfigError(report.errors, { cause: report.cause });
  return report.config;
}

function collectWarnings(options: RawOptionValues): string[] {
  const set = (key: OptionName) => options[key] !== undefined && options[key] !== '';
  // An invalid port is reported as an error; for the warnings assume its default.
  const port = GATEWAY_OPTIONS.port.schema.safeParse(options.port ?? DEFAULT_PORT);
  const httpsPort = GATEWAY_OPTIONS.httpsPort.schema.safeParse(options.httpsPort);
  const https = planHttpsPort(port.data ?? DEFAULT_PORT, httpsPort.data);
  const warnings: string[] = [];
  if (https.kind === 'off') {
    for (const key of ['httpsCert', 'httpsKey', 'tlsDir'] as const) {
      if (set(key)) warnings.push(`${key} (${optionSource(key)}): has no effect ${whyNoHttps(https)}`);
    }
  } else if (set('tlsDir') && set('httpsCert') && set('httpsKey')) {
    warnings.push(`tlsDir (${optionSource('tlsDir')}): unused, the mounted HTTPS_CERT and HTTPS_KEY win`);
  }
  return warnings;
}

function whyNoHttps(https: Extract<HttpsPortPlan, { kind: 'off' }>): string {
  return https.why === 'asked'
    ? 'with HTTPS_PORT=off'
    : 'without HTTPS_PORT (HTTP_PORT 0 has no default HTTPS port next to it)';
}

function toConfig(value: z.output<typeof schema>): GatewayConfig {
  const https = planHttpsPort(value.port, value.httpsPort);
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
      https.kind === 'off'
        ? undefined
        : Object.freeze({
            port: https.port,
            defaulted: https.defaulted,
            cert: value.httpsCert,
            key: value.httpsKey,
            dir: value.tlsDir,
          }),
    auth,
    logLevel: value.logLevel,
    frameAncestors: value.frameAncestors,
    authMaxFailures: value.authMaxFailures,
    audio: Object.freeze({
      enabled: value.audio,
      sink: value.audioSink,
      micSink: value.audioMicSink,
      bitrate: value.audioBitrate,
    }),
    video: Object.freeze({ enabled: value.video, encoder: value.videoEncoder }),
    files: Object.freeze({
      policy: value.fileTransfer,
      maxMb: value.fileTransferMaxMb,
      maxBytes: value.fileTransferMaxMb * 1024 * 1024,
      // HOME of the gateway, which runs as the desktop user.
      root: value.fileRoot ?? homedir(),
    }),
  });
}

function formatIssue(issue: z.core.$ZodIssue): string {
  const key = issue.path[0];
  const known = typeof key === 'string' && key in GATEWAY_OPTIONS;
  const where = known ? `${key} (${optionSource(key as OptionName)})` : issue.path.join('.') || 'options';
  const secret = known && (GATEWAY_OPTIONS[key as OptionName] as { secret?: true }).secret === true;
  const received =
    'input' in issue && issue.input !== undefined && !secret ? `, received ${truncate(issue.input)}` : '';
  return `${where}: ${issue.message}${received}`;
}

function truncate(input: unknown): string {
  const text = JSON.stringify(input) ?? String(input);
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}
