/** One entry of a folder as the gateway lists it. */
export type ListingEntry =
  | {
      readonly name: string;
      readonly type: 'file';
      readonly size: number;
      readonly mtimeMs: number | undefined;
    }
  | { readonly name: string; readonly type: 'dir' };

/** A folder's entries, directories first, then by name (the gateway's order). */
export interface FolderListing {
  readonly entries: readonly ListingEntry[];
}

/**
 * Reads the body of `GET {prefix}files/<dir>/`, or says what is wrong with
 * it. Entries that are not plain files or folders, or that have a name the
 * page could not ask for again (empty, `.`, `..`, holding `/`), are skipped.
 * Checked by hand, not with zod (see transfer-failure.ts).
 */
export function parseListing(body: string): FolderListing | { readonly problem: string } {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    return { problem: `the folder listing is not JSON: ${body.slice(0, 80)}` };
  }
  const entries = (typeof json === 'object' && json !== null ? json : {}) as Record<string, unknown>;
  if (!Array.isArray(entries.entries)) {
    return { problem: `expected {"path":…,"entries":[…]}, got ${body.slice(0, 80)}` };
  }
  const parsed: ListingEntry[] = [];
  for (const raw of entries.entries as unknown[]) {
    const entry = (typeof raw === 'object' && raw !== null ? raw : {}) as Record<string, unknown>;
    const { name, type, size, mtimeMs } = entry;
    if (typeof name !== 'string' || name === '' || name === '.' || name === '..' || name.includes('/'))
      continue;
    if (type === 'dir') parsed.push({ name, type });
    else if (type === 'file' && typeof size === 'number') {
      parsed.push({ name, type, size, mtimeMs: typeof mtimeMs === 'number' ? mtimeMs : undefined });
    }
  }
  return { entries: parsed };
}
