import { parseArgs } from 'node:util';
import * as z from 'zod/mini';
import { didYouMean } from '../closest-name.ts';
import { quote } from '../describe-value.ts';
import { UsageError } from '../errors.ts';
import { type ListFormat, listFormats } from '../format-list.ts';
import { EXIT_CODES } from './exit-codes.ts';

/** A command line, parsed and validated. */
export type CliCommand =
  | { readonly kind: 'help' }
  | { readonly kind: 'version' }
  | {
      readonly kind: 'flatten';
      readonly source: string;
      readonly out: string;
      /** Empty means every list. */
      readonly groups: readonly string[];
      readonly format: ListFormat;
    }
  | { readonly kind: 'check'; readonly source: string }
  | { readonly kind: 'explain'; readonly source: string; readonly list: string; readonly name: string };

/** The usage text printed by `--help`. */
export const USAGE = `Usage:
  helios-packages flatten <file|dir> --out <dir> [--group <g>]... [--format words|lines|json]
  helios-packages check <file|dir>
  helios-packages explain <file|dir> <group> <package>
  helios-packages --help
  helios-packages --version

Exit codes: ${EXIT_CODES.OK} ok, ${EXIT_CODES.FAILURE} invalid input (or a package not in the list, for explain), ${EXIT_CODES.USAGE} usage error.`;

const commands = ['flatten', 'check', 'explain'] as const;
const arity = {
  flatten: ['<file|dir>'],
  check: ['<file|dir>'],
  explain: ['<file|dir>', '<group>', '<package>'],
};

const flattenOptions = z.strictObject({
  out: z.string().check(z.minLength(1)),
  group: z._default(z.array(z.string().check(z.minLength(1))), []),
  format: z._default(z.enum(listFormats), 'words'),
});
const noOptions = z.strictObject({});

/**
 * Parses `argv` (without node and script) into a command.
 *
 * @throws {UsageError} for an unknown command or option, a missing or extra argument,
 *   or a bad option value.
 */
export function parseCliArgs(argv: readonly string[]): CliCommand {
  let parsed: ReturnType<typeof parseRaw>;
  try {
    parsed = parseRaw(argv);
  } catch (error) {
    throw fromParseArgsError(error as NodeJS.ErrnoException);
  }
  const { values, positionals } = parsed;
  if (values.help === true) return Object.freeze({ kind: 'help' });
  if (values.version === true) return Object.freeze({ kind: 'version' });
  const [name, ...rest] = positionals;
  const command = commands.find((known) => known === name);
  if (command === undefined) {
    throw new UsageError(
      name === undefined ? 'no command given' : `unknown command ${quote(name)}${didYouMean(name, commands)}`,
      {
        expected: commands.join(', '),
        received: name === undefined ? 'nothing' : quote(name),
      },
    );
  }
  const expected = arity[command];
  if (rest.length !== expected.length) {
    throw new UsageError(`${command} takes ${expected.join(' ')}`, {
      expected: `${expected.length} argument${expected.length === 1 ? '' : 's'}`,
      received: rest.length === 0 ? 'none' : rest.map(quote).join(' '),
    });
  }
  const { help: _help, version: _version, ...options } = values;
  const [source = '', list = '', pkg = ''] = rest;
  if (command === 'flatten') {
    const flags = validateOptions(flattenOptions, options, command);
    const groups = Object.freeze([...flags.group]);
    return Object.freeze({ kind: 'flatten', source, out: flags.out, groups, format: flags.format });
  }
  validateOptions(noOptions, options, command);
  if (command === 'check') return Object.freeze({ kind: 'check', source });
  return Object.freeze({ kind: 'explain', source, list, name: pkg });
}

function parseRaw(argv: readonly string[]) {
  return parseArgs({
    args: [...argv],
    allowPositionals: true,
    strict: true,
    options: {
      out: { type: 'string', short: 'o' },
      group: { type: 'string', short: 'g', multiple: true },
      format: { type: 'string', short: 'f' },
      help: { type: 'boolean', short: 'h' },
      version: { type: 'boolean' },
    },
  });
}

/** Node's own wording is long and changes between versions; keep ours short and stable. */
function fromParseArgsError(error: NodeJS.ErrnoException): UsageError {
  const option = /'(-[^' ]*)'/.exec(error.message)?.[1];
  if (error.code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' && option !== undefined) {
    return new UsageError(`unknown option ${option}`, {
      expected: '--out, --group, --format, --help or --version (put -- before a name that starts with -)',
      received: option,
      cause: error,
    });
  }
  return new UsageError(error.message, { cause: error });
}

function validateOptions<T>(schema: z.ZodMiniType<T>, options: object, command: string): T {
  const result = schema.safeParse(options);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  if (issue?.code === 'unrecognized_keys') {
    const option = `--${issue.keys[0] ?? ''}`;
    throw new UsageError(`option ${option} does not apply to ${command}`, {
      received: option,
      cause: result.error,
    });
  }
  const option = `--${String(issue?.path[0] ?? '')}`;
  const value = (options as Record<string, unknown>)[String(issue?.path[0] ?? '')];
  if (value === undefined)
    throw new UsageError(`${command} needs ${option} <value>`, { cause: result.error });
  const allowed = option === '--format' ? listFormats.join(', ') : 'a non-empty value';
  throw new UsageError(`bad value for ${option}`, {
    expected: allowed,
    received: quote(String(value)),
    cause: result.error,
  });
}
