import { parseArgs } from 'node:util';
import { ConfigError } from '../errors.ts';
import type { RawOptions } from './env-options.ts';
import { GATEWAY_OPTIONS, OPTION_NAMES, type OptionName, type OptionSpec } from './gateway-options.ts';

/** What the command line asks for. */
export type CliCommand =
  | { readonly kind: 'help' }
  | { readonly kind: 'version' }
  | { readonly kind: 'run'; readonly options: RawOptions };

/** Flag name (without dashes) to option, for every option that has a flag. */
const FLAGS: ReadonlyMap<string, OptionName> = new Map(
  OPTION_NAMES.flatMap((name) => {
    const { flag } = GATEWAY_OPTIONS[name] as OptionSpec;
    return flag === undefined ? [] : [[flag, name] as const];
  }),
);

const isSwitch = (flag: string) =>
  (GATEWAY_OPTIONS[FLAGS.get(flag) as OptionName] as OptionSpec).switch === true;

/** Usage text printed by `--help`, made from the option table. */
export const USAGE = renderUsage();

function renderUsage(): string {
  const lines = OPTION_NAMES.flatMap((name) => {
    const spec: OptionSpec = GATEWAY_OPTIONS[name];
    if (spec.flag === undefined) return [];
    const left = `  --${spec.flag}${spec.switch ? '' : ` ${spec.arg ?? 'VALUE'}`}`;
    const fallback =
      spec.defaultText === undefined ? '' : `, default ${spec.defaultText.replaceAll('`', '')}`;
    return [`${left.padEnd(27)}${spec.help.replaceAll('`', '')} (${spec.env}${fallback})`];
  });
  const secrets = OPTION_NAMES.map((name) => GATEWAY_OPTIONS[name] as OptionSpec)
    .filter((spec) => spec.secret)
    .map((spec) => `${spec.env}(_FILE)`);
  return `Usage: helios-kclient --vnc unix:/path.sock|tcp:HOST:PORT [options]

Web gateway for a VNC server: browser client, WebSocket bridge, audio, health, metrics.
Every flag has an environment variable; flags win.

${lines.join('\n')}
  -h, --help                 show this help
  -v, --version              print the version

Secrets, from the environment only so they stay out of ps: ${secrets.join(', ')}.
`;
}

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
      ...Object.fromEntries(
        [...FLAGS.keys()].map((flag) => [flag, { type: isSwitch(flag) ? 'boolean' : 'string' } as const]),
      ),
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
      else {
        const name = FLAGS.get(token.name) as OptionName;
        options[name] = isSwitch(token.name) ? 'true' : token.value;
      }
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
  if (name === 'help' || name === 'version' || (FLAGS.has(name) && isSwitch(name))) {
    return value === undefined ? undefined : `${rawName} takes no value, received ${JSON.stringify(value)}`;
  }
  if (!FLAGS.has(name)) return `unknown flag ${rawName}`;
  if (value === undefined) return `${rawName} needs a value`;
  // As strict parseArgs: "--vnc --port 1" is a forgotten value, not a VNC address "--port".
  if (!inline && value.startsWith('-')) {
    return `${rawName} needs a value, received the flag-like ${JSON.stringify(value)} (write ${rawName}=${value} if meant)`;
  }
  return undefined;
}
