import type { SourceLocation } from './source-location.ts';

/** One `group: name` pair of a `packages` entry: this group installs this package. */
export interface PackageMapping {
  /** The group (usually a distro family) the name is for. */
  readonly group: string;
  /** The package name, already checked to be safe on a command line. */
  readonly name: string;
  /** Where the pair's group key is written. */
  readonly location: SourceLocation;
}

/** One group listed under another in `inherit`. */
export interface InheritParent {
  /** The listed group, whose own mappings join the list. */
  readonly group: string;
  /** Where it is listed. */
  readonly location: SourceLocation;
}

/** One `inherit` entry: a group that produces a list, and the groups it takes mappings from. */
export interface InheritRule {
  /** The group, which is also the list's name (`<group>.list`). */
  readonly group: string;
  /**
   * The groups whose own mappings join the list, one level deep: the parents' own
   * parents are not followed, exactly as the KasmVNC-era Helios flattening did (fixtures in shared/fixtures).
   */
  readonly parents: readonly InheritParent[];
  /** Where the group's `inherit` key is written. */
  readonly location: SourceLocation;
}

/** A validated package map, merged from one or more files. Deeply frozen. */
export interface PackageMap {
  /** The files it was read from, in the order they were merged. */
  readonly files: readonly string[];
  /** Every `group: name` pair, file by file in document order. */
  readonly mappings: readonly PackageMapping[];
  /** Every `inherit` entry, file by file in document order. */
  readonly inherit: readonly InheritRule[];
}
