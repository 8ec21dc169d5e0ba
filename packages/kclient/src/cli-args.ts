import { parseArgs } from 'node:util';
import type { GatewayOptions } from './config.ts';
import type { RawOptions } from './env-options.ts';
import { ConfigError } from './errors.ts';

/** What the command line asks for. */
export type CliCommand =
  | { readonly kind: 'help' }
  | { readonly kind: 'version' }
  | { readonly kind: 'run'; readonly options: RawOptions };

const FLAGS = {
  vnc: 'vnc',
  port: 'port',
  host: 'host',
  prefix: 'prefix',
  title: 'title',
  'client-dir': 'clientDir',
  'state-file': 'stateFile',
  'activity-file': 'activityFile',
  'allowed-origins': 'allowedOrigins',
  'max-connections': 'maxConnections',
  'max-payload': 'maxPayload',
  'heartbeat-seconds': 'heartbeatSeconds',
  'https-port': 'httpsPort',
  'https-cert': 'httpsCert',
  'https-key': 'httpsKey',
  'log-level': 'logLevel',
} as const satisfies Record<string, keyof GatewayOptions>;

/** Usage text printed by `--help`. */
export const USAGE = `Usage: helios-kclient --vnc unix:/path.sock|tcp:HOST:PORT [options]

Web gateway for a VNC server: browser client, WebSocket bridge, health, metrics.
Every flag has an environment variable; flags win.

  --vnc ADDR               VNC server (HELIOS_VNC)
  --port N                 HTTP port, 0 = any free port (HTTP_PORT, default 3000)
  --host ADDR              listen address (HELIOS_HOST, default 0.0.0.0)
  --prefix /PATH/          URL prefix, with both slashes (PREFIX, default /)
  --title TEXT             page title (TITLE, default Helios)
  --client-dir DIR         browser client folder (HELIOS_CLIENT_DIR)
  --state-file FILE        init's state.json for /health (HELIOS_STATE_FILE)
  --activity-file FILE     mtime bumped on input (HELIOS_ACTIVITY_FILE)
  --view-only              serve every page view-only (HELIOS_VIEW_ONLY)
  --allowed-origins LIST   extra WebSocket origins, comma separated (HELIOS_ALLOWED_ORIGINS)
  --max-connections N      concurrent WebSockets (HELIOS_MAX_CONNECTIONS, default 100)
  --max-payload BYTES      largest WebSocket message (HELIOS_MAX_PAYLOAD, default 4194304)
  --heartbeat-seconds N    ping period, 0 = off (HELIOS_HEARTBEAT_SECONDS, default 30)
  --https-port N           also serve HTTPS (HTTPS_PORT)
  --https-cert FILE        PEM certificate, required with --https-port (HTTPS_CERT)
  --https-key FILE         PEM private key, required with --https-port (HTTPS_KEY)
  --log-level LEVEL        fatal|error|warn|info|debug|trace|silent (HELIOS_LOG_LEVEL)
  -h, --help               show this help
  -v, --version            print the version

Auth (env only, so secrets stay out of ps): HELIOS_AUTH_TOKEN(_FILE),
HELIOS_AUTH_USER with HELIOS_AUTH_PASSWORD(_FILE).
`;

/** Parses argv (without node and script) into a command. Throws {@link ConfigError}. */
export function parseCliArgs(argv: readonly string[]): CliCommand {
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(argv);
  } catch (cause) {
    throw new ConfigError([`command line: ${(cause as Error).message} (see --help)`], { cause });
  }
  const { values, positionals } = parsed;
  if (values.help) return { kind: 'help' };
  if (values.version) return { kind: 'version' };
  if (positionals.length > 0) {
    throw new ConfigError([
      `command line: unexpected argument ${JSON.stringify(positionals[0])} (expected only --flags, see --help)`,
    ]);
  }
  const options: RawOptions = {};
  for (const [flag, key] of Object.entries(FLAGS)) {
    const value = values[flag as keyof typeof values];
    if (typeof value === 'string') options[key] = value;
  }
  if (values['view-only']) options.viewOnly = 'true';
  return { kind: 'run', options: Object.freeze(options) };
}

function parse(argv: readonly string[]) {
  return parseArgs({
    args: [...argv],
    strict: true,
    allowPositionals: true,
    options: {
      ...(Object.fromEntries(Object.keys(FLAGS).map((flag) => [flag, { type: 'string' }])) as Record<
        keyof typeof FLAGS,
        { type: 'string' }
      >),
      'view-only': { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
      version: { type: 'boolean', short: 'v' },
    },
  });
}
