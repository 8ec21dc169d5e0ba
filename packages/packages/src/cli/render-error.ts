import { ERROR_CODES, InvalidPackageMapError, isHeliosPackagesError } from '../errors.ts';

const BIN = 'helios-packages';

/**
 * What the CLI writes to stderr for an error: one line per error, each
 * `helios-packages: <CODE>: <message>`, so every line can be matched on its code. An
 * invalid map's summary comes first, then each of its problems under its own code.
 */
export function renderError(error: unknown): string {
  if (!isHeliosPackagesError(error)) return renderBug(error);
  const [summary = ''] = error.message.split('\n');
  const hint = error.code === ERROR_CODES.USAGE ? ` (see ${BIN} --help)` : '';
  const problems = error instanceof InvalidPackageMapError ? error.problems : [];
  return [
    line(error.code, `${summary}${hint}`),
    ...problems.map((problem) => line(problem.code, problem.message)),
  ].join('');
}

/**
 * Any other error is a bug, not bad input: it has no code of ours, so it goes under its
 * JavaScript name (`TypeError`), with its stack frames so it can be reported.
 */
function renderBug(error: unknown): string {
  const name = error instanceof Error ? error.name : 'Error';
  const message = error instanceof Error ? error.message : String(error);
  const frames =
    error instanceof Error ? (error.stack ?? '').split('\n').filter((text) => /^\s+at /.test(text)) : [];
  return [
    line(name, `unexpected error, a bug in ${BIN} (please report it): ${message}`),
    ...frames.map((frame) => line(name, frame)),
  ].join('');
}

/** One stderr line; a line break inside a message would start a line without the prefix. */
function line(code: string, message: string): string {
  return `${BIN}: ${code}: ${message.replaceAll('\n', ' ')}\n`;
}
