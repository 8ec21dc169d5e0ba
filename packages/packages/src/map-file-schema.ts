import * as z from 'zod/mini';
import { GROUP_NAME_PATTERN, PACKAGE_NAME_PATTERN } from './name-rules.ts';

// zod/mini rather than zod: the same validator, but it tree-shakes to a fraction of the
// size, which keeps the bundled CLI's start-up inside its 100 ms budget.
const groupName = z.string().check(z.regex(GROUP_NAME_PATTERN));
const packageName = z.string().check(z.regex(PACKAGE_NAME_PATTERN));

/**
 * One package map file. Both keys are optional so a directory can split them across
 * files; an empty key (`inherit:` with nothing under it) counts as empty.
 */
export const mapFileSchema = z.strictObject({
  /** A list of mappings, each from group to one package name: `- debian: curl`. */
  packages: z.nullish(z.array(z.record(groupName, packageName))),
  /** Group → the groups whose own mappings its list also takes. */
  inherit: z.nullish(z.record(groupName, z.nullish(z.array(groupName)))),
});

/** The top-level keys a package map file may have, for messages. */
export const MAP_FILE_KEYS: readonly string[] = ['packages', 'inherit'];

/** One problem zod found. */
export type MapFileIssue = z.core.$ZodIssue;
