import { parseCliArgs, USAGE } from './cli/parse-args.ts';
import { runCommand } from './cli/run-command.ts';
import { type HeliosPackagesErrorCode, isHeliosPackagesError } from './errors.ts';

/** Exit codes, documented in the README. Only this entry point chooses them. */
const EXIT_OK = 0;
const EXIT_INVALID_INPUT = 1;
const EXIT_USAGE = 2;

/** Errors caused by the command line itself rather than by the map it names. */
const usageCodes: ReadonlySet<HeliosPackagesErrorCode> = new Set([
  'HELIOS_PACKAGES_USAGE',
  'HELIOS_PACKAGES_UNKNOWN_LIST',
]);

async function main(argv: readonly string[]): Promise<number> {
  try {
    await runCommand(parseCliArgs(argv), { stdout: (text) => process.stdout.write(text) });
    return EXIT_OK;
  } catch (error) {
    if (!isHeliosPackagesError(error)) {
      // A bug, not bad input: show the stack so it can be reported.
      process.stderr.write(`helios-packages: unexpected error: ${(error as Error).stack ?? String(error)}\n`);
      return EXIT_INVALID_INPUT;
    }
    // The code goes on the first line; an invalid map's problems follow, one per line.
    const [summary, ...problems] = error.message.split('\n');
    const hint = error.code === 'HELIOS_PACKAGES_USAGE' ? ['', USAGE] : [];
    const text = [`helios-packages: ${summary} [${error.code}]`, ...problems, ...hint].join('\n');
    process.stderr.write(`${text}\n`);
    return usageCodes.has(error.code) ? EXIT_USAGE : EXIT_INVALID_INPUT;
  }
}

process.exitCode = await main(process.argv.slice(2));
