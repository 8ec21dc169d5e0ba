import { globSync, lstatSync, mkdirSync, readlinkSync, rmSync, symlinkSync } from 'node:fs';
import { basename, join } from 'node:path';

/** What is at a path in the applications folder. */
export type ExistingEntry = { kind: 'none' } | { kind: 'link'; target: string } | { kind: 'file' };

/** One step of {@link planDesktopLinks}. */
export type DesktopLinkAction =
  | { kind: 'link'; source: string; link: string; replace: boolean }
  | { kind: 'keep'; link: string }
  | { kind: 'skip-file'; source: string; link: string }
  | { kind: 'no-match'; glob: string };

/**
 * Plans the links for DESKTOP_FILES: every .desktop file a glob matches gets
 * a symlink of the same name in the applications folder, so launchers
 * installed elsewhere (a mounted /opt, a FROM layer) show up in the menu.
 * Idempotent: a link already pointing at the file is kept. A regular file of
 * the same name (the distro's own entry) is never replaced. The first glob
 * that matches a name wins. Pure: the file system is passed in.
 */
export function planDesktopLinks(
  globs: readonly string[],
  applicationsDir: string,
  matches: (glob: string) => readonly string[],
  existing: (path: string) => ExistingEntry,
): DesktopLinkAction[] {
  const actions: DesktopLinkAction[] = [];
  const claimed = new Set<string>();
  for (const glob of globs) {
    const files = matches(glob).filter((file) => file.endsWith('.desktop'));
    if (files.length === 0) actions.push({ kind: 'no-match', glob });
    for (const source of [...files].sort()) {
      const link = join(applicationsDir, basename(source));
      if (claimed.has(link)) continue;
      claimed.add(link);
      const entry = existing(link);
      if (entry.kind === 'file') actions.push({ kind: 'skip-file', source, link });
      else if (entry.kind === 'link' && entry.target === source) actions.push({ kind: 'keep', link });
      else actions.push({ kind: 'link', source, link, replace: entry.kind === 'link' });
    }
  }
  return actions;
}

function existingEntry(path: string): ExistingEntry {
  try {
    const stat = lstatSync(path);
    return stat.isSymbolicLink() ? { kind: 'link', target: readlinkSync(path) } : { kind: 'file' };
  } catch {
    return { kind: 'none' };
  }
}

/** Applies {@link planDesktopLinks} to the real file system, logging what it did. */
export function linkDesktopFiles(
  globs: readonly string[],
  applicationsDir: string,
  log: (line: string) => void,
): void {
  if (globs.length === 0) return;
  mkdirSync(applicationsDir, { recursive: true });
  const actions = planDesktopLinks(globs, applicationsDir, (glob) => globSync(glob), existingEntry);
  for (const action of actions) {
    switch (action.kind) {
      case 'link':
        if (action.replace) rmSync(action.link);
        symlinkSync(action.source, action.link);
        log(`DESKTOP_FILES: linked ${action.link} -> ${action.source}`);
        break;
      case 'skip-file':
        log(`DESKTOP_FILES: kept ${action.link} (a file of the image), not linking ${action.source}`);
        break;
      case 'no-match':
        log(`DESKTOP_FILES: ${action.glob} matches no .desktop file`);
        break;
      case 'keep':
        break;
    }
  }
}
