import type { z } from 'zod';
import {
  absolutePath,
  boolean,
  deviceName,
  fileTransferPolicy,
  frameAncestors,
  integer,
  logLevel,
  originList,
  path,
  portOrOff,
  prefix,
  text,
  vncAddress,
} from './option-schemas.ts';

/** The default HTTP port of the gateway (and so of every Helios image). */
export const DEFAULT_PORT = 3000;

/** How far above the HTTP port the HTTPS port is when HTTPS_PORT is unset. */
export const HTTPS_PORT_OFFSET = 1;

/** One option of the gateway: everything about it, in one place. */
export interface OptionSpec<Schema extends z.ZodType = z.ZodType> {
  /** Environment variable. Secrets also accept `<env>_FILE`. */
  readonly env: string;
  /** Command-line flag without its dashes; `undefined` for secrets, which would show in `ps`. */
  readonly flag: string | undefined;
  /** A switch: the flag takes no value (`--view-only`). */
  readonly switch?: true;
  /** A secret: read from the environment or `<env>_FILE` only, never echoed in an error. */
  readonly secret?: true;
  /** Placeholder of the flag's value in `--help`. */
  readonly arg?: string;
  /** The default as a person reads it; `undefined` when unset by default. */
  readonly defaultText: string | undefined;
  /** What the option does, one line. */
  readonly help: string;
  /** Parses the typed or string value, with the default applied. */
  readonly schema: Schema;
}

const option = <Schema extends z.ZodType>(spec: OptionSpec<Schema>): OptionSpec<Schema> =>
  Object.freeze(spec);

/**
 * Every option of the gateway. Environment names, flags, `--help`, the
 * validation schema, the {@link GatewayOptions} type and the README's table
 * all come from here.
 */
export const GATEWAY_OPTIONS = Object.freeze({
  /** VNC server: `unix:/path.sock` or `tcp:HOST:PORT`. Required. */
  vnc: option({
    env: 'HELIOS_VNC',
    flag: 'vnc',
    arg: 'ADDR',
    defaultText: '(required)',
    help: 'VNC server: `unix:/path.sock` or `tcp:HOST:PORT` (`tcp:[::1]:5900`)',
    schema: vncAddress,
  }),
  /** HTTP port; `0` picks a free one. @default 3000 */
  port: option({
    env: 'HTTP_PORT',
    flag: 'port',
    arg: 'N',
    defaultText: String(DEFAULT_PORT),
    help: 'HTTP port; `0` picks a free one',
    schema: integer(0, 65535).default(DEFAULT_PORT),
  }),
  /** Listen address. @default '0.0.0.0' */
  host: option({
    env: 'HELIOS_HOST',
    flag: 'host',
    arg: 'ADDR',
    defaultText: '0.0.0.0',
    help: 'listen address (all interfaces, as a container needs)',
    schema: path.default('0.0.0.0'),
  }),
  /** URL prefix; `desktop`, `/desktop` and `/desktop/` all mean `/desktop/`. @default '/' */
  prefix: option({
    env: 'PREFIX',
    flag: 'prefix',
    arg: '/PATH/',
    defaultText: '/',
    help: 'URL prefix for sub-path reverse proxies (`desktop` and `/desktop` mean `/desktop/`)',
    schema: prefix.default('/'),
  }),
  /** Page title. @default 'Helios' */
  title: option({
    env: 'TITLE',
    flag: 'title',
    arg: 'TEXT',
    defaultText: 'Helios',
    help: 'page title',
    schema: text.default('Helios'),
  }),
  /** Folder holding the built browser client. @default `client/` next to the server file */
  clientDir: option({
    env: 'HELIOS_CLIENT_DIR',
    flag: 'client-dir',
    arg: 'DIR',
    defaultText: '`client/` next to the server',
    help: 'built browser client',
    schema: path.optional(),
  }),
  /** init's `state.json`; when set, health follows its `ready` flag. @default undefined */
  stateFile: option({
    env: 'HELIOS_STATE_FILE',
    flag: 'state-file',
    arg: 'FILE',
    defaultText: undefined,
    help: "init's `state.json` for readiness",
    schema: path.optional(),
  }),
  /** File whose mtime is bumped on user input. @default undefined */
  activityFile: option({
    env: 'HELIOS_ACTIVITY_FILE',
    flag: 'activity-file',
    arg: 'FILE',
    defaultText: undefined,
    help: 'mtime set to now on key/pointer input, at most once a second',
    schema: path.optional(),
  }),
  /** Make `{prefix}` itself view-only too. @default false */
  viewOnly: option({
    env: 'HELIOS_VIEW_ONLY',
    flag: 'view-only',
    switch: true,
    defaultText: 'false',
    help: 'make `{PREFIX}` view-only as well',
    schema: boolean.default(false),
  }),
  /** Extra origins allowed to open the WebSockets besides the page's own (`*` = any). @default [] */
  allowedOrigins: option({
    env: 'HELIOS_ALLOWED_ORIGINS',
    flag: 'allowed-origins',
    arg: 'LIST',
    defaultText: 'empty',
    help: 'extra WebSocket origins (comma separated, `*` = any)',
    schema: originList.default([]),
  }),
  /** Concurrent WebSocket connections. @default 100 */
  maxConnections: option({
    env: 'HELIOS_MAX_CONNECTIONS',
    flag: 'max-connections',
    arg: 'N',
    defaultText: '100',
    help: 'concurrent WebSockets; more get 503',
    schema: integer(1, 100_000).default(100),
  }),
  /** Largest WebSocket message accepted, in bytes. @default 4194304 */
  maxPayload: option({
    env: 'HELIOS_MAX_PAYLOAD',
    flag: 'max-payload',
    arg: 'BYTES',
    defaultText: '4194304',
    help: 'largest WebSocket message in bytes; larger closes with 1009',
    schema: integer(1024, 1 << 30).default(4 * 1024 * 1024),
  }),
  /** Seconds between pings; a peer silent for two periods is dropped; 0 = off. @default 30 */
  heartbeatSeconds: option({
    env: 'HELIOS_HEARTBEAT_SECONDS',
    flag: 'heartbeat-seconds',
    arg: 'N',
    defaultText: '30',
    help: 'ping period; a peer silent for two periods is dropped; `0` = off',
    schema: integer(0, 86_400).default(30),
  }),
  /**
   * HTTPS (and WSS) port serving the same routes, or `off`. Unset means
   * {@link HTTPS_PORT_OFFSET} above `port` (3001 next to 3000, as the
   * linuxserver images do); such a defaulted port that cannot be bound only
   * logs a warning, an explicit one stops the gateway.
   * @default port + 1 (none when port is 0)
   */
  httpsPort: option({
    env: 'HTTPS_PORT',
    flag: 'https-port',
    arg: 'N|off',
    defaultText: '`HTTP_PORT` + 1 (none when `HTTP_PORT` is `0`)',
    help: 'also serve HTTPS (and WSS) on this port; `off` turns it off (see HTTPS)',
    schema: portOrOff.optional(),
  }),
  /** Mounted PEM certificate for HTTPS; wins over the self-signed one. @default undefined */
  httpsCert: option({
    env: 'HTTPS_CERT',
    flag: 'https-cert',
    arg: 'FILE',
    defaultText: undefined,
    help: 'mounted PEM certificate; without it a self-signed one is made (see HTTPS)',
    schema: path.optional(),
  }),
  /** Mounted PEM private key, with `httpsCert`. @default undefined */
  httpsKey: option({
    env: 'HTTPS_KEY',
    flag: 'https-key',
    arg: 'FILE',
    defaultText: undefined,
    help: 'mounted PEM private key, together with `HTTPS_CERT`',
    schema: path.optional(),
  }),
  /** Where the self-signed certificate is kept. @default `$XDG_CONFIG_HOME/helios/tls`, else `~/.config/helios/tls` */
  tlsDir: option({
    env: 'HELIOS_TLS_DIR',
    flag: 'tls-dir',
    arg: 'DIR',
    defaultText: '`$XDG_CONFIG_HOME/helios/tls`, else `~/.config/helios/tls`',
    help: 'where the self-signed certificate is kept',
    schema: path.optional(),
  }),
  /** Bearer token protecting pages, WebSockets and metrics. @default undefined */
  authToken: option({
    env: 'HELIOS_AUTH_TOKEN',
    flag: undefined,
    secret: true,
    defaultText: undefined,
    help: 'token auth: `Authorization: Bearer`, or `?token=` once (kept in an HttpOnly cookie)',
    schema: text.optional(),
  }),
  /** Basic-auth user name, with `authPassword`. @default undefined */
  authUser: option({
    env: 'HELIOS_AUTH_USER',
    flag: 'auth-user',
    arg: 'NAME',
    defaultText: undefined,
    help: 'basic-auth user, with `HELIOS_AUTH_PASSWORD`',
    schema: text.optional(),
  }),
  /** Basic-auth password, with `authUser`. @default undefined */
  authPassword: option({
    env: 'HELIOS_AUTH_PASSWORD',
    flag: undefined,
    secret: true,
    defaultText: undefined,
    help: 'basic-auth password',
    schema: text.optional(),
  }),
  /** Wrong credentials one client address may send per minute before it gets 429; 0 = no limit. @default 10 */
  authMaxFailures: option({
    env: 'HELIOS_AUTH_MAX_FAILURES',
    flag: 'auth-max-failures',
    arg: 'N',
    defaultText: '10',
    help: 'wrong credentials one client address may send per minute before it is refused (429) for the rest of that minute; `0` = no limit',
    schema: integer(0, 1_000_000).default(10),
  }),
  /**
   * Who may show the pages in a frame (CSP `frame-ancestors`): `'self'`, or
   * space-separated origins of a portal that embeds the desktop, or `*`.
   * @default "'self'"
   */
  frameAncestors: option({
    env: 'HELIOS_FRAME_ANCESTORS',
    flag: 'frame-ancestors',
    arg: 'SOURCES',
    defaultText: "'self'",
    help: "who may embed the pages in a frame: `'self'`, origins such as `https://portal.example` (space separated), or `*`",
    schema: frameAncestors.default("'self'"),
  }),
  /** Log level. @default 'info' */
  logLevel: option({
    env: 'HELIOS_LOG_LEVEL',
    flag: 'log-level',
    arg: 'LEVEL',
    defaultText: 'info',
    help: '`fatal`, `error`, `warn`, `info`, `debug`, `trace` or `silent`',
    schema: logLevel.default('info'),
  }),
  /** Serve `{prefix}audio` (desktop sound and microphone). @default true */
  audio: option({
    env: 'HELIOS_AUDIO',
    flag: 'audio',
    arg: 'BOOL',
    defaultText: 'true',
    help: '`false` turns `{PREFIX}audio` off (404)',
    schema: boolean.default(true),
  }),
  /** PulseAudio sink whose monitor is streamed. @default 'helios' */
  audioSink: option({
    env: 'HELIOS_AUDIO_SINK',
    flag: 'audio-sink',
    arg: 'NAME',
    defaultText: 'helios',
    help: 'PulseAudio sink whose monitor is streamed',
    schema: deviceName.default('helios'),
  }),
  /** PulseAudio sink the microphone is played into. @default 'helios_mic' */
  audioMicSink: option({
    env: 'HELIOS_AUDIO_MIC_SINK',
    flag: 'audio-mic-sink',
    arg: 'NAME',
    defaultText: 'helios_mic',
    help: 'PulseAudio sink the microphone is played into',
    schema: deviceName.default('helios_mic'),
  }),
  /** Opus bit rate of desktop audio, bits per second. @default 128000 */
  audioBitrate: option({
    env: 'HELIOS_AUDIO_BITRATE',
    flag: 'audio-bitrate',
    arg: 'BPS',
    defaultText: '128000',
    help: 'Opus bit rate of desktop audio (6000-510000)',
    schema: integer(6_000, 510_000).default(128_000),
  }),
  /**
   * Serve `{prefix}video` (H.264 from `helios-video-encoder`, see
   * docs/video-transport.md). Unset: on when the encoder binary exists.
   * @default on when `videoEncoder` is an executable file, else off
   */
  video: option({
    env: 'HELIOS_VIDEO',
    flag: 'video',
    arg: 'on|off',
    defaultText: '`on` when the encoder exists, else `off`',
    help: '`off` turns `{PREFIX}video` off (404); `on` serves it (without a usable encoder its sockets say `unavailable`)',
    schema: boolean.optional(),
  }),
  /** The video encoder binary. @default '/opt/helios/bin/helios-video-encoder' */
  videoEncoder: option({
    env: 'HELIOS_VIDEO_ENCODER',
    flag: 'video-encoder',
    arg: 'PATH',
    defaultText: '/opt/helios/bin/helios-video-encoder',
    help: 'the `helios-video-encoder` binary (H.264 of the X screen `DISPLAY`)',
    schema: path.default('/opt/helios/bin/helios-video-encoder'),
  }),
  /**
   * Which way files may move through `{prefix}files/` (docs/file-transfer.md):
   * `off`, `upload`, `download` or `both`. A view-only gateway moves none.
   * @default 'off'
   */
  fileTransfer: option({
    env: 'FILE_TRANSFER',
    flag: 'file-transfer',
    arg: 'POLICY',
    defaultText: 'off',
    help: '`off`, `upload`, `download` or `both`: which way files may move through `{PREFIX}files/` (see File transfer)',
    schema: fileTransferPolicy.default('off'),
  }),
  /** Largest upload, MiB. @default 10240 */
  fileTransferMaxMb: option({
    env: 'FILE_TRANSFER_MAX_MB',
    flag: 'file-transfer-max-mb',
    arg: 'MIB',
    defaultText: '10240',
    help: 'largest upload in MiB (1-1048576); larger ones get 413',
    schema: integer(1, 1_048_576).default(10_240),
  }),
  /** Absolute folder every transferred path is inside. @default the gateway's `$HOME` */
  fileRoot: option({
    env: 'HELIOS_FILE_ROOT',
    flag: 'file-root',
    arg: 'DIR',
    defaultText: '`$HOME` of the gateway',
    help: 'absolute folder every file path is inside; nothing outside it is reachable',
    schema: absolutePath.optional(),
  }),
});

/** Name of a gateway option. */
export type OptionName = keyof typeof GATEWAY_OPTIONS;

type Table = typeof GATEWAY_OPTIONS;

/**
 * Options of `createGateway`: each field of {@link GATEWAY_OPTIONS} (its TSDoc
 * applies), typed or as the string it arrives as from the environment or a
 * flag. Only `vnc` is required.
 */
export type GatewayOptions = { vnc: z.input<Table['vnc']['schema']> } & {
  [K in Exclude<OptionName, 'vnc'>]?: z.input<Table[K]['schema']>;
};

/** Every option name, in table order. */
export const OPTION_NAMES = Object.freeze(Object.keys(GATEWAY_OPTIONS) as OptionName[]);

/** Where an option comes from, as error messages name it: `HTTP_PORT / --port`. */
export function optionSource(name: OptionName): string {
  const spec: OptionSpec = GATEWAY_OPTIONS[name];
  const env = spec.secret ? `${spec.env}(_FILE)` : spec.env;
  return spec.flag === undefined ? env : `${env} / --${spec.flag}`;
}
