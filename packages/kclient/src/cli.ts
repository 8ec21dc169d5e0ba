import { readFileSync } from 'node:fs';
import { collectCliArgs, USAGE } from './server/config/cli-args.ts';
import { optionsFromEnv, secretsFromFiles } from './server/config/env-options.ts';
import { validateConfig } from './server/config/gateway-config.ts';
import { ClientDirError, ConfigError, KclientError, SecretFileError } from './server/errors.ts';
import { EXIT_CODES, exitCodeForSignal } from './server/exit-codes.ts';
import { type Gateway, gatewayFor } from './server/gateway.ts';

/**
 * `helios-kclient`: the only place that picks exit codes.
 * 0 after --help/--version, 2 for bad configuration, 1 when the gateway
 * cannot start or fails, 128+N when stopped by signal N (after a clean close).
 */
async function main(): Promise<number> {
  // 1. Read flags and environment; flags win.
  const { command, problems } = collectCliArgs(process.argv.slice(2));
  if (command.kind === 'help') {
    process.stdout.write(USAGE);
    return EXIT_CODES.OK;
  }
  if (command.kind === 'version') {
    process.stdout.write(`${version()}\n`);
    return EXIT_CODES.OK;
  }
  const options = {
    ...optionsFromEnv(process.env),
    ...(await secretsFromFiles(process.env)),
    ...command.options,
  };

  // 2. Validate (every problem of flags and environment in one report),
  //    load the client, bind the port.
  const report = validateConfig(options);
  if (problems.length > 0 || report.config === undefined) {
    throw new ConfigError([...problems, ...report.errors], {
      cause: 'cause' in report ? report.cause : undefined,
    });
  }
  const gateway = await gatewayFor(report.config, report.warnings);
  const { http, https } = await gateway.listen();
  process.stderr.write(
    `helios-kclient ${version()} listening on ${http.url}${https === undefined ? '' : ` and ${https.url}`}\n`,
  );

  // 3. Run until a signal; close bridges cleanly, then exit 128+N.
  return waitForSignal(gateway);
}

function waitForSignal(gateway: Gateway): Promise<number> {
  return new Promise((resolve) => {
    let stopping = false;
    const stop = (signal: NodeJS.Signals) => {
      if (stopping) return;
      stopping = true;
      gateway.close().then(
        () => resolve(exitCodeForSignal(signal)),
        () => resolve(EXIT_CODES.FAILURE),
      );
    };
    process.on('SIGTERM', stop);
    process.on('SIGINT', stop);
    process.on('SIGHUP', stop);
  });
}

function version(): string {
  // The bundle inlines this at build time; the library build reads it next to dist/.
  return typeof __KCLIENT_VERSION__ === 'string'
    ? __KCLIENT_VERSION__
    : (JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string })
        .version;
}

declare const __KCLIENT_VERSION__: string | undefined;

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    const usage =
      error instanceof ConfigError || error instanceof SecretFileError || error instanceof ClientDirError;
    const label = error instanceof KclientError ? error.code : 'HELIOS_KCLIENT_UNEXPECTED';
    process.stderr.write(
      `helios-kclient: ${label}: ${error instanceof Error ? error.message : String(error)}\n`,
    );
    process.exitCode = usage ? EXIT_CODES.USAGE : EXIT_CODES.FAILURE;
  },
);
