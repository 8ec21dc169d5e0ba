import { describe, expect, it } from 'vitest';
import { commandFailed, run } from '../src/commands.ts';
import { CommandFailedError } from '../src/errors.ts';

/** The error `commandFailed` turns a real command's failure into. */
async function failure(file: string, args: readonly string[]): Promise<CommandFailedError> {
  const error = await run(file, args)
    .catch(commandFailed())
    .then(
      () => null,
      (thrown: unknown) => thrown,
    );
  if (!(error instanceof CommandFailedError)) throw new Error(`expected a CommandFailedError, got ${error}`);
  return error;
}

describe('commandFailed', () => {
  it('names the command and its exit code, with the end of its stderr', async () => {
    const error = await failure('sh', ['-c', 'for i in 1 2 3 4 5 6; do echo line$i >&2; done; exit 7']);
    expect(error.code).toBe('HELIOS_BUILD_COMMAND_FAILED');
    expect(error.exitCode).toBe(7);
    expect(error.message).toBe(
      '"sh -c for i in 1 2 3 4 5 6; do echo line$i >&2; done; exit 7" exited with code 7:\n' +
        'line2\nline3\nline4\nline5\nline6',
    );
  });

  it('says when a command could not start at all', async () => {
    const error = await failure('helios-no-such-command', ['--version']);
    expect(error.exitCode).toBeUndefined();
    expect(error.message).toBe(
      'Could not run "helios-no-such-command --version": spawn helios-no-such-command ENOENT.',
    );
  });

  it('fails a pipe when its source fails, naming the source', async () => {
    const error = await run('sh', ['-c', 'exit 3'], { buffer: false })
      .pipe('cat')
      .catch(commandFailed())
      .catch((thrown: unknown) => thrown);
    expect(error).toMatchObject({ command: 'sh -c exit 3', exitCode: 3 });
  });

  it('gives commands no input: one that reads stdin gets end of file, not a wait', async () => {
    expect((await run('cat', [], { timeout: 5000 })).stdout).toBe('');
  });

  it('passes other errors through unchanged', () => {
    const bug = new TypeError('not a command failure');
    expect(() => commandFailed()(bug)).toThrow(bug);
  });
});
