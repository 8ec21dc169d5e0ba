import { parseCli, USAGE } from './cli-args.ts';
import { InitError } from './errors.ts';
import { exitCodeForError } from './exit-codes.ts';
import { runInit } from './run-init.ts';
import { parseRuntimeEnv } from './runtime-env.ts';
import { readStateFile, renderStatus } from './status-report.ts';

/** The package version, read at run time so the bundle needs no JSON import. */
declare const __HELIOS_INIT_VERSION__: string;

async function status(stateFile: string | undefined, json: boolean): Promise<number> {
  const file = stateFile ?? `${parseRuntimeEnv(process.env).runDir}/state.json`;
  const snapshot = readStateFile(file);
  process.stdout.write(json ? `${JSON.stringify(snapshot, null, 2)}\n` : renderStatus(snapshot, new Date()));
  return snapshot.ready ? 0 : 1;
}

/** The entry point: the only place that picks an exit code. */
async function main(argv: readonly string[]): Promise<number> {
  try {
    const command = parseCli(argv);
    switch (command.kind) {
      case 'help':
        process.stdout.write(USAGE);
        return 0;
      case 'version':
        process.stdout.write(`${__HELIOS_INIT_VERSION__}\n`);
        return 0;
      case 'status':
        return await status(command.stateFile, command.json);
      case 'init':
        return await runInit();
    }
  } catch (error) {
    process.stderr.write(
      `helios-init: ${error instanceof InitError ? `${error.code}: ` : ''}${error instanceof Error ? error.message : error}\n`,
    );
    return exitCodeForError(error);
  }
}

process.exitCode = await main(process.argv.slice(2));
// Exit explicitly: a service pipe or timer left behind must not keep PID 1 alive.
process.exit();
