import { lstat, readdir, realpath, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { isInsideRoot } from './file-path.ts';
import { UPLOAD_TEMP_PREFIX } from './file-root.ts';

/** One entry of a listing (docs/file-transfer.md). */
export type ListingEntry =
  | { readonly name: string; readonly type: 'file'; readonly size: number; readonly mtimeMs: number }
  | { readonly name: string; readonly type: 'dir' };

/** Folders first, then by name (code point order, the same on every machine). */
export function sortEntries(entries: readonly ListingEntry[]): ListingEntry[] {
  return [...entries].sort((a, b) => {
    if (a.type !== b.type) return a.type === 'dir' ? -1 : 1;
    return a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
  });
}

/**
 * The entries of a folder inside the root: regular files and folders only;
 * a symbolic link appears with its target's type when it resolves inside the
 * root, and not at all otherwise. Unfinished uploads (hidden temporary
 * files) are left out.
 */
export async function listFolder(rootReal: string, folder: string): Promise<ListingEntry[]> {
  const names = (await readdir(folder)).filter((name) => !name.startsWith(UPLOAD_TEMP_PREFIX));
  const entries = await Promise.all(names.map((name) => entryOf(rootReal, folder, name)));
  return sortEntries(entries.filter((entry) => entry !== undefined));
}

async function entryOf(rootReal: string, folder: string, name: string): Promise<ListingEntry | undefined> {
  try {
    const path = join(folder, name);
    let info = await lstat(path);
    if (info.isSymbolicLink()) {
      if (!isInsideRoot(rootReal, await realpath(path))) return undefined;
      info = await stat(path);
    }
    if (info.isDirectory()) return { name, type: 'dir' };
    if (info.isFile()) return { name, type: 'file', size: info.size, mtimeMs: Math.trunc(info.mtimeMs) };
    return undefined;
  } catch {
    // Gone meanwhile, a dangling link, or unreadable: not something to offer.
    return undefined;
  }
}
