import { formatLocation, type SourceLocation } from './source-location.ts';

/**
 * Every stable error code of @helios/packages, by problem. The README's error table is
 * checked against this object by a test, so adding a code means documenting it.
 */
export const ERROR_CODES = Object.freeze({
  YAML_SYNTAX: 'HELIOS_PACKAGES_YAML_SYNTAX',
  DUPLICATE_KEY: 'HELIOS_PACKAGES_DUPLICATE_KEY',
  UNKNOWN_KEY: 'HELIOS_PACKAGES_UNKNOWN_KEY',
  INVALID_SHAPE: 'HELIOS_PACKAGES_INVALID_SHAPE',
  INVALID_NAME: 'HELIOS_PACKAGES_INVALID_NAME',
  UNSAFE_PACKAGE_NAME: 'HELIOS_PACKAGES_UNSAFE_PACKAGE_NAME',
  INVALID_GROUP_NAME: 'HELIOS_PACKAGES_INVALID_GROUP_NAME',
  UNKNOWN_GROUP: 'HELIOS_PACKAGES_UNKNOWN_GROUP',
  INVALID_MAP: 'HELIOS_PACKAGES_INVALID_MAP',
  READ_FAILED: 'HELIOS_PACKAGES_READ_FAILED',
  EMPTY_DIRECTORY: 'HELIOS_PACKAGES_EMPTY_DIRECTORY',
  UNKNOWN_LIST: 'HELIOS_PACKAGES_UNKNOWN_LIST',
  NOT_IN_LIST: 'HELIOS_PACKAGES_NOT_IN_LIST',
  WRITE_FAILED: 'HELIOS_PACKAGES_WRITE_FAILED',
  USAGE: 'HELIOS_PACKAGES_USAGE',
} as const);

/** One of the {@link ERROR_CODES} values. */
export type HeliosPackagesErrorCode = (typeof ERROR_CODES)[keyof typeof ERROR_CODES];

/** What an error knows beyond its one-line summary. */
export interface ErrorDetails {
  /** Where in the package map the problem is. */
  readonly location?: SourceLocation | undefined;
  /** What would have been accepted. */
  readonly expected?: string;
  /** What was found instead, already quoted and truncated for display. */
  readonly received?: string;
  /** The lower-level error or issue this one was derived from. */
  readonly cause?: unknown;
}

/**
 * Base class of every error thrown or reported by @helios/packages. The message reads
 * `file:line:column: what: expected X, received Y`, with the parts that are known.
 */
export abstract class HeliosPackagesError extends Error {
  /** Stable, documented code; match on this, not on the message. */
  abstract readonly code: HeliosPackagesErrorCode;
  /** Where the problem is, when it comes from a file. */
  readonly location: SourceLocation | undefined;
  /** What would have been accepted. */
  readonly expected: string | undefined;
  /** What was found instead. */
  readonly received: string | undefined;

  constructor(what: string, details: ErrorDetails = {}) {
    const where = details.location === undefined ? '' : `${formatLocation(details.location)}: `;
    const contrast =
      details.expected === undefined
        ? ''
        : `: expected ${details.expected}, received ${details.received ?? 'nothing'}`;
    super(`${where}${what}${contrast}`, details.cause === undefined ? undefined : { cause: details.cause });
    this.name = new.target.name;
    this.location = details.location;
    this.expected = details.expected;
    this.received = details.received;
  }
}

/** True for any error of this package, whatever its class. */
export function isHeliosPackagesError(error: unknown): error is HeliosPackagesError {
  return error instanceof HeliosPackagesError;
}

/** The YAML itself cannot be read (indentation, unclosed brackets, tabs, several documents, unknown tags). */
export class YamlSyntaxError extends HeliosPackagesError {
  readonly code = ERROR_CODES.YAML_SYNTAX;
}

/** A key appears twice in one mapping, or one group has an `inherit` entry in two files. */
export class DuplicateKeyError extends HeliosPackagesError {
  readonly code = ERROR_CODES.DUPLICATE_KEY;
}

/** A top-level key other than `packages` and `inherit`. */
export class UnknownKeyError extends HeliosPackagesError {
  readonly code = ERROR_CODES.UNKNOWN_KEY;
}

/** A value of the wrong kind: the file is not a mapping, `packages` is not a list, and so on. */
export class InvalidShapeError extends HeliosPackagesError {
  readonly code = ERROR_CODES.INVALID_SHAPE;
}

/** A group or package name that is not a string, or is empty. */
export class InvalidNameError extends HeliosPackagesError {
  readonly code = ERROR_CODES.INVALID_NAME;
}

/** A package name the shell would split or expand, or a package manager would read as an option. */
export class UnsafePackageNameError extends HeliosPackagesError {
  readonly code = ERROR_CODES.UNSAFE_PACKAGE_NAME;
}

/** A group name that cannot safely name a `<group>.list` file. */
export class InvalidGroupNameError extends HeliosPackagesError {
  readonly code = ERROR_CODES.INVALID_GROUP_NAME;
}

/** `inherit` lists a group that is defined nowhere, which is almost always a typo. */
export class UnknownGroupError extends HeliosPackagesError {
  readonly code = ERROR_CODES.UNKNOWN_GROUP;
}

/** The map has problems; {@link InvalidPackageMapError.problems} holds every one of them. */
export class InvalidPackageMapError extends HeliosPackagesError {
  readonly code = ERROR_CODES.INVALID_MAP;
  /** Every problem found, ordered by file and position. */
  readonly problems: readonly HeliosPackagesError[];

  constructor(source: string, problems: readonly HeliosPackagesError[]) {
    const count = problems.length === 1 ? '1 problem' : `${problems.length} problems`;
    const lines = problems.map((problem) => `  ${problem.message} [${problem.code}]`);
    super(`package map ${source} is invalid (${count}):\n${lines.join('\n')}`, { cause: problems[0] });
    this.problems = Object.freeze([...problems]);
  }
}

/** The map's file or directory cannot be read. */
export class ReadFailedError extends HeliosPackagesError {
  readonly code = ERROR_CODES.READ_FAILED;
}

/** A map directory holds no `*.yaml` or `*.yml` file. */
export class EmptyDirectoryError extends HeliosPackagesError {
  readonly code = ERROR_CODES.EMPTY_DIRECTORY;
}

/** A list was asked for by name but no group of that name is under `inherit`. */
export class UnknownListError extends HeliosPackagesError {
  readonly code = ERROR_CODES.UNKNOWN_LIST;
}

/** `explain` was asked about a package that the list does not contain. */
export class NotInListError extends HeliosPackagesError {
  readonly code = ERROR_CODES.NOT_IN_LIST;
}

/** A list file could not be written (or renamed into place). */
export class WriteFailedError extends HeliosPackagesError {
  readonly code = ERROR_CODES.WRITE_FAILED;
}

/** The command line is wrong: unknown command or option, missing argument. */
export class UsageError extends HeliosPackagesError {
  readonly code = ERROR_CODES.USAGE;
}
