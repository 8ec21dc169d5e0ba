import { NotInListError } from '../errors.ts';
import { explainPackage } from '../explain.ts';
import { flattenPackageMap } from '../flatten.ts';
import { loadPackageMap } from '../load-package-map.ts';
import { writeLists } from '../write-lists.ts';
import type { CliCommand } from './parse-args.ts';
import { USAGE } from './parse-args.ts';
import { renderAbsence, renderCheck, renderExplanation, renderWritten } from './render.ts';

/** Where a command prints, and what `--version` says. */
export interface CliOutput {
  readonly stdout: (text: string) => void;
  /** The version of the package that ships the CLI. */
  readonly version: string;
}

/**
 * Runs one parsed command. Failures are thrown as this package's errors; the entry point
 * decides what exit code each one means.
 *
 * @throws {NotInListError} when `explain` finds the package absent from the list.
 */
export async function runCommand(command: CliCommand, output: CliOutput): Promise<void> {
  switch (command.kind) {
    case 'help':
      output.stdout(`${USAGE}\n`);
      return;
    case 'version':
      output.stdout(`${output.version}\n`);
      return;
    case 'flatten': {
      const map = await loadPackageMap(command.source);
      const groups = command.groups.length === 0 ? undefined : command.groups;
      const written = await writeLists(flattenPackageMap(map, { groups }), command.out, {
        format: command.format,
      });
      output.stdout(renderWritten(written));
      return;
    }
    case 'check': {
      const map = await loadPackageMap(command.source);
      output.stdout(renderCheck(command.source, map, flattenPackageMap(map)));
      return;
    }
    case 'explain': {
      const explanation = explainPackage(await loadPackageMap(command.source), command.list, command.name);
      if (!explanation.found) throw new NotInListError(renderAbsence(explanation));
      output.stdout(renderExplanation(explanation));
      return;
    }
  }
}
