export type { LocatedKey, ValuePath, YamlLocator } from './document-locator.ts';
export {
  DuplicateKeyError,
  EmptyDirectoryError,
  ERROR_CODES,
  type ErrorDetails,
  HeliosPackagesError,
  type HeliosPackagesErrorCode,
  InvalidGroupNameError,
  InvalidNameError,
  InvalidPackageMapError,
  InvalidShapeError,
  isHeliosPackagesError,
  NotInListError,
  ReadFailedError,
  UnknownGroupError,
  UnknownKeyError,
  UnknownListError,
  UnsafePackageNameError,
  UsageError,
  WriteFailedError,
  YamlSyntaxError,
} from './errors.ts';
export { explainPackage, type ListReason, type PackageExplanation } from './explain.ts';
export { type FlattenOptions, flattenPackageMap, type PackageList } from './flatten.ts';
export { formatPackageList, type ListFormat, listFileName, listFormats } from './format-list.ts';
export { loadPackageMap } from './load-package-map.ts';
export { GROUP_NAME_PATTERN, PACKAGE_NAME_PATTERN } from './name-rules.ts';
export type { InheritParent, InheritRule, PackageMap, PackageMapping } from './package-map.ts';
export { type ParsedSource, parseYamlSource, type SourceText } from './parse-yaml-source.ts';
export { readPackageMapSources } from './read-sources.ts';
export { formatLocation, type SourceLocation } from './source-location.ts';
export { type PackageMapValidation, parsePackageMap, validatePackageMap } from './validate-package-map.ts';
export { type WriteListsOptions, type WrittenList, writeLists } from './write-lists.ts';
