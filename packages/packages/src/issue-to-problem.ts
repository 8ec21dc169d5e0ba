import { didYouMean } from './closest-name.ts';
import { describeValue, quote } from './describe-value.ts';
import type { ValuePath } from './document-locator.ts';
import {
  type HeliosPackagesError,
  InvalidGroupNameError,
  InvalidNameError,
  InvalidShapeError,
  UnknownKeyError,
  UnsafePackageNameError,
} from './errors.ts';
import { MAP_FILE_KEYS, type MapFileIssue } from './map-file-schema.ts';
import {
  GROUP_NAME_EXPECTED,
  PACKAGE_NAME_EXPECTED,
  whyInvalidGroupName,
  whyUnsafePackageName,
} from './name-rules.ts';
import type { ParsedSource } from './parse-yaml-source.ts';
import type { SourceLocation } from './source-location.ts';

/**
 * Turns zod's issues for one file into this package's errors, each with its line and
 * column. zod says where and roughly what; the path says which rule of the format was
 * broken, and the value itself says how (not a string, empty, or bad characters).
 */
export function problemsFromIssues(
  source: ParsedSource,
  issues: readonly MapFileIssue[],
): HeliosPackagesError[] {
  return issues.flatMap((issue) => problemsFromIssue(source, issue));
}

function problemsFromIssue(source: ParsedSource, issue: MapFileIssue): HeliosPackagesError[] {
  const path = issue.path;
  if (issue.code === 'unrecognized_keys') {
    return issue.keys.map(
      (key) =>
        new UnknownKeyError(`unknown top-level key ${quote(key)}${didYouMean(key, MAP_FILE_KEYS)}`, {
          location: source.locator.locate([...path, key], 'key'),
          expected: MAP_FILE_KEYS.join(' or '),
          received: quote(key),
          cause: issue,
        }),
    );
  }
  if (issue.code === 'invalid_key') {
    const key = String(path.at(-1));
    const where = path[0] === 'inherit' ? 'under inherit' : 'in packages';
    return [groupNameProblem(key, 'group name', where, source.locator.locate(path, 'key'), issue)];
  }
  const value = valueAt(source.value, path);
  const location = source.locator.locate(path);
  if (path.length === 3 && path[0] === 'packages') {
    return [packageNameProblem(value, String(path[2]), location, issue)];
  }
  if (path.length === 3 && path[0] === 'inherit') {
    const where = `under inherit entry ${quote(String(path[1]))}`;
    return [groupNameProblem(value, 'group', where, location, issue)];
  }
  return [
    new InvalidShapeError(`${describePath(path)} has the wrong shape`, {
      location,
      expected: expectedShape(path),
      received: describeValue(value),
      cause: issue,
    }),
  ];
}

function packageNameProblem(value: unknown, group: string, location: SourceLocation, cause: MapFileIssue) {
  const details = { location, expected: PACKAGE_NAME_EXPECTED, received: describeValue(value), cause };
  if (value === null || value === '') {
    return new InvalidNameError(`package name for group ${quote(group)} is empty`, details);
  }
  if (typeof value !== 'string') {
    return new InvalidNameError(`package name for group ${quote(group)} is not a string`, details);
  }
  return new UnsafePackageNameError(
    `package name ${quote(value)} for group ${quote(group)} is unsafe on a command line: ${whyUnsafePackageName(value)}`,
    details,
  );
}

function groupNameProblem(
  value: unknown,
  noun: string,
  where: string,
  location: SourceLocation,
  cause: MapFileIssue,
) {
  const details = { location, expected: GROUP_NAME_EXPECTED, received: describeValue(value), cause };
  if (value === null || value === '') return new InvalidNameError(`${noun} ${where} is empty`, details);
  if (typeof value !== 'string') return new InvalidNameError(`${noun} ${where} is not a string`, details);
  return new InvalidGroupNameError(
    `${noun} ${quote(value)} ${where} is not valid: ${whyInvalidGroupName(value)}`,
    details,
  );
}

function describePath(path: ValuePath): string {
  if (path.length === 0) return 'the file';
  if (path.length === 2 && path[0] === 'packages') return `packages item ${Number(path[1]) + 1}`;
  if (path.length === 2 && path[0] === 'inherit') return `inherit entry ${quote(String(path[1]))}`;
  return quote(path.map(String).join('.'));
}

function expectedShape(path: ValuePath): string {
  if (path.length === 0) return 'a mapping with the keys packages and inherit';
  if (path.length === 1 && path[0] === 'packages') return 'a list of mappings from group to package name';
  if (path.length === 2 && path[0] === 'packages')
    return 'a mapping from group to package name, like "debian: curl"';
  if (path.length === 1 && path[0] === 'inherit') return 'a mapping from group to a list of groups';
  if (path.length === 2 && path[0] === 'inherit') return 'a list of group names, like [common, debian]';
  return 'another kind of value';
}

function valueAt(root: unknown, path: ValuePath): unknown {
  let value = root;
  for (const segment of path) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<PropertyKey, unknown>)[segment];
  }
  return value;
}
