import { parseArgs } from 'node:util';
import * as z from 'zod/mini';
import { CliError } from './errors.ts';
import { formatIssues, useEnglishMessages } from './format-issues.ts';

/** What the command line asks for. */
export type CliCommand =
  | { readonly kind: 'init' }
  | { readonly kind: 'status'; readonly stateFile: string | undefined; readonly json: boolean }
  | { readonly kind: 'help' }
  | { readonly kind: 'version' };

/** Usage text of `helios-init --help`. */
export const USAGE = `Usage:
  helios-init                 run as PID 1: hooks, user, supervised services
  helios-init status [--json] [--state-file PATH]
                              print the service table of the running init
  helios-init --help | --version

Environment: USER, UID (required), GID, PASSWORD, IDLE_TIME, HTTP_PORT, PREFIX,
TITLE, HELIOS_* (see the README).
`;

const optionsSchema = z.strictObject({
  help: z.optional(z.boolean()),
  version: z.optional(z.boolean()),
  json: z.optional(z.boolean()),
  'state-file': z.optional(z.string().check(z.startsWith('/', 'must be an absolute path'))),
});

/**
 * Parses argv (without node and the script).
 *
 * @throws {CliError} `HELIOS_INIT_CLI_INVALID`.
 */
export function parseCli(argv: readonly string[]): CliCommand {
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      strict: true,
      options: {
        help: { type: 'boolean', short: 'h' },
        version: { type: 'boolean', short: 'v' },
        json: { type: 'boolean' },
        'state-file': { type: 'string' },
      },
    });
  } catch (cause) {
    throw new CliError(`${(cause as Error).message}\n${USAGE}`, { cause });
  }
  useEnglishMessages();
  const options = optionsSchema.safeParse(parsed.values, { reportInput: true });
  if (!options.success) {
    throw new CliError(
      `invalid option: ${formatIssues(options.error)
        .map((line) => `--${line}`)
        .join('; ')}`,
    );
  }
  const { help, version, json, 'state-file': stateFile } = options.data;
  if (help) return { kind: 'help' };
  if (version) return { kind: 'version' };
  const [command, ...extra] = parsed.positionals;
  if (extra.length > 0) {
    throw new CliError(
      `unexpected argument ${JSON.stringify(extra[0])} (expected at most one command)\n${USAGE}`,
    );
  }
  if (command === undefined) {
    if (json || stateFile) throw new CliError(`--json and --state-file belong to "status"\n${USAGE}`);
    return { kind: 'init' };
  }
  if (command === 'status') return { kind: 'status', stateFile, json: json ?? false };
  throw new CliError(`unknown command ${JSON.stringify(command)} (expected "status" or nothing)\n${USAGE}`);
}
