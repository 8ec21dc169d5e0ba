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
  'tls-dir': 'tlsDir',
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
  --https-cert FILE        PEM certificate (HTTPS_CERT); without it a self-signed one is made
  --https-key FILE         PEM private key, with --https-cert (HTTPS_KEY)
  --tls-dir DIR            where the self-signed certificate is kept
                           (HELIOS_TLS_DIR, default ~/.config/helios/tls)
  --log-level LEVEL        fatal|error|warn|info|debug|trace|silent (HELIOS_LOG_LEVEL)
  -h, --help               show this help
  -v, --version            print the version

Auth (env only, so secrets stay out of ps): HELIOS_AUTH_TOKEN(_FILE),
HELIOS_AUTH_USER with HELIOS_AUTH_PASSWORD(_FILE).
`;

/** A command and every problem found on the command line (none when it is valid). */
export interface CliParse {
  readonly command: CliCommand;
  readonly problems: readonly string[];
}

/**
 * Parses argv (without node and script), collecting every problem instead
 * of stopping at the first, so they can be reported together with the
 * environment's. `--help` and `--version` win over problems.
 */
export function collectCliArgs(argv: readonly string[]): CliParse {
  const { values, tokens } = parseArgs({
    args: [...argv],
    strict: false,
    allowPositionals: true,
    tokens: true,
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
  if (values.help === true) return { command: { kind: 'help' }, problems: [] };
  if (values.version === true) return { command: { kind: 'version' }, problems: [] };
  const problems: string[] = [];
  const options: RawOptions = {};
  for (const token of tokens) {
    if (token.kind === 'positional') {
      problems.push(
        `command line: unexpected argument ${JSON.stringify(token.value)} (expected only --flags, see --help)`,
      );
    } else if (token.kind === 'option') {
      const problem = checkOption(token.name, token.rawName, token.value, token.inlineValue);
      if (problem !== undefined) problems.push(`command line: ${problem} (see --help)`);
      else if (token.name === 'view-only') options.viewOnly = 'true';
      else if (token.value !== undefined) options[FLAGS[token.name as keyof typeof FLAGS]] = token.value;
    }
  }
  return { command: { kind: 'run', options: Object.freeze(options) }, problems: Object.freeze(problems) };
}

/** Parses argv (without node and script) into a command. Throws {@link ConfigError} listing every problem. */
export function parseCliArgs(argv: readonly string[]): CliCommand {
  const { command, problems } = collectCliArgs(argv);
  if (problems.length > 0) throw new ConfigError(problems);
  return command;
}

/** What is wrong with one `--flag[=value]` token, if anything. */
function checkOption(
  name: string,
  rawName: string,
  value: string | undefined,
  inline: boolean | undefined,
): string | undefined {
  if (name === 'view-only' || name === 'help' || name === 'version') {
    return value === undefined ? undefined : `${rawName} takes no value, received ${JSON.stringify(value)}`;
  }
  if (!(name in FLAGS)) return `unknown flag ${rawName}`;
  if (value === undefined) return `${rawName} needs a value`;
  // As strict parseArgs: "--vnc --port 1" is a forgotten value, not a VNC address "--port".
  if (!inline && value.startsWith('-')) {
    return `${rawName} needs a value, received the flag-like ${JSON.stringify(value)} (write ${rawName}=${value} if meant)`;
  }
  return undefined;
}
