import { readFileSync } from 'node:fs';
import { EXIT_CODES, type ExitCode } from './cli/exit-codes.ts';
import { parseCliArgs } from './cli/parse-args.ts';
import { renderError } from './cli/render-error.ts';
import { runCommand } from './cli/run-command.ts';
import { ERROR_CODES, type HeliosPackagesErrorCode, isHeliosPackagesError } from './errors.ts';

/** Errors caused by the command line itself rather than by the map it names. */
const usageCodes: ReadonlySet<HeliosPackagesErrorCode> = new Set([
  ERROR_CODES.USAGE,
  ERROR_CODES.UNKNOWN_LIST,
]);

/** The entry point: the one catch that turns an error into stderr lines and an exit code. */
async function main(argv: readonly string[]): Promise<ExitCode> {
  try {
    await runCommand(parseCliArgs(argv), {
      stdout: (text) => process.stdout.write(text),
      version: version(),
    });
    return EXIT_CODES.OK;
  } catch (error) {
    process.stderr.write(renderError(error));
    return isHeliosPackagesError(error) && usageCodes.has(error.code) ? EXIT_CODES.USAGE : EXIT_CODES.FAILURE;
  }
}

/** The version in the package.json beside dist/, the package that ships this CLI. */
function version(): string {
  const manifest = readFileSync(new URL('../package.json', import.meta.url), 'utf8');
  return (JSON.parse(manifest) as { version: string }).version;
}

process.exitCode = await main(process.argv.slice(2));
