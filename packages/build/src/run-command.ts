import { type StdioOptions, spawn } from 'node:child_process';
import { BuildError } from './errors.ts';

/** Result of a finished command. */
export interface CommandResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Options of {@link runCommand}. */
export interface RunCommandOptions {
  /** Show the command's output live instead of capturing it. @default false */
  readonly inherit?: boolean;
  /** Bytes written to the command's stdin (for `docker import -`, say). */
  readonly stdin?: NodeJS.ReadableStream;
  readonly cwd?: string;
  readonly env?: NodeJS.ProcessEnv;
}

/**
 * Runs a command to completion. Never throws for a non-zero exit (callers
 * decide what that means); throws only when the command cannot start.
 * @throws {BuildError} `HELIOS_BUILD_COMMAND_FAILED` when the binary is missing.
 */
export function runCommand(
  command: string,
  args: readonly string[],
  options: RunCommandOptions = {},
): Promise<CommandResult> {
  const stdio: StdioOptions = [
    options.stdin ? 'pipe' : 'ignore',
    options.inherit ? 'inherit' : 'pipe',
    options.inherit ? 'inherit' : 'pipe',
  ];
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio, cwd: options.cwd, env: options.env ?? process.env });
    let stdout = '';
    let stderr = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      stdout += chunk.toString('utf8');
    });
    child.stderr?.on('data', (chunk: Buffer) => {
      stderr += chunk.toString('utf8');
    });
    if (options.stdin && child.stdin) options.stdin.pipe(child.stdin);
    child.on('error', (cause) =>
      reject(
        new BuildError('HELIOS_BUILD_COMMAND_FAILED', `Could not run "${command}": ${cause.message}.`, {
          cause,
        }),
      ),
    );
    child.on('close', (code) => resolve({ code: code ?? 1, stdout, stderr }));
  });
}

/** Runs a command and throws with its stderr when it fails. */
export async function runChecked(
  command: string,
  args: readonly string[],
  options: RunCommandOptions = {},
): Promise<CommandResult> {
  const result = await runCommand(command, args, options);
  if (result.code !== 0) {
    const detail = result.stderr.trim().split('\n').slice(-5).join('\n');
    throw new BuildError(
      'HELIOS_BUILD_COMMAND_FAILED',
      `"${command} ${args.join(' ')}" exited with code ${result.code}${detail ? `:\n${detail}` : '.'}`,
    );
  }
  return result;
}
