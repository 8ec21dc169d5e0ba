/**
 * How @helios/build runs commands to completion (docker, debootstrap, strip,
 * tar): with execa, and a failure that must stop the build becomes a
 * {@link CommandFailedError} naming the command and its exit code.
 */
import { ExecaError, execa, type Result } from 'execa';
import { CommandFailedError } from './errors.ts';

/**
 * execa with stdin from /dev/null: no command here reads input unless it is
 * piped in (`tar | docker import`), and none may wait on the terminal.
 */
export const run = execa({ stdin: 'ignore' });

/** Lines of a failed command's stderr kept in the error: enough to say why, short enough to read. */
const STDERR_LINES = 5;

/** Whether a failed command never ran (missing binary, no permission): no exit code and no signal. */
export function neverStarted(result: Pick<Result, 'failed' | 'exitCode' | 'signal'>): boolean {
  return result.failed && result.exitCode === undefined && result.signal === undefined;
}

/** The last {@link STDERR_LINES} lines a command wrote to stderr, when it was captured. */
function stderrTail(failure: ExecaError): string {
  const stderr = typeof failure.stderr === 'string' ? failure.stderr.trim() : '';
  return stderr ? stderr.split('\n').slice(-STDERR_LINES).join('\n') : '';
}

/**
 * What went wrong with a command, naming it: `"docker run …" exited with
 * code 125:` and the end of its stderr, killed by a signal, or never started.
 */
export function describeFailure(failure: ExecaError): string {
  if (neverStarted(failure)) {
    return `Could not run "${failure.command}": ${failure.originalMessage || failure.shortMessage}.`;
  }
  if (failure.exitCode === undefined) {
    return `"${failure.command}" was stopped by ${failure.signal ?? 'a signal'}.`;
  }
  const detail = stderrTail(failure);
  return `"${failure.command}" exited with code ${failure.exitCode}${detail ? `:\n${detail}` : '.'}`;
}

/**
 * For `.catch()` after an execa call that must succeed: turns its failure
 * into a {@link CommandFailedError} (`HELIOS_BUILD_COMMAND_FAILED`), with
 * `message` (default {@link describeFailure}) and execa's error as `cause`.
 * Anything that is not an execa failure is rethrown as it is.
 */
export function commandFailed(
  message: (failure: ExecaError) => string = describeFailure,
): (error: unknown) => never {
  return (error) => {
    if (!(error instanceof ExecaError)) throw error;
    throw new CommandFailedError(error.command, error.exitCode, message(error), { cause: error });
  };
}
