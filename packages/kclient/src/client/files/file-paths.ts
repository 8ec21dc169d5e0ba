/**
 * A folder or file below the gateway's file root (the desktop user's HOME),
 * as its names from the root down; `[]` is the root itself. Kept as names,
 * never as a joined string, so a name holding `/`, `%` or `?` stays one name.
 */
export type FilePath = readonly string[];

/** Where uploads go and the listing opens: `~/Downloads`. */
export const DOWNLOADS: FilePath = Object.freeze(['Downloads']);

/**
 * URL of `{prefix}files/<path>` for a page at `pageHref`, each name
 * percent-encoded on its own; a folder gets the trailing slash the listing
 * asks for. `?`, `#` and the page's own query are left out.
 */
export function filesUrl(pageHref: string, path: FilePath, options: { folder: boolean }): string {
  const encoded = path.map((name) => encodeURIComponent(name)).join('/');
  const tail = options.folder && path.length > 0 ? '/' : '';
  const url = new URL(`files/${encoded}${tail}`, pageHref);
  url.search = '';
  url.hash = '';
  return url.href;
}

/** `~/Downloads/photos`: how the panel names a folder. */
export function displayPath(path: FilePath): string {
  return ['~', ...path].join('/');
}

/** One step of the breadcrumb trail: its label and the folder it opens. */
export interface Breadcrumb {
  readonly label: string;
  readonly path: FilePath;
}

/**
 * The trail from the root to `path`: `Home`, then each folder. The root is
 * the first step, so there is nothing above it to go to.
 */
export function breadcrumbs(path: FilePath): readonly Breadcrumb[] {
  return [
    { label: 'Home', path: [] },
    ...path.map((label, index) => ({ label, path: path.slice(0, index + 1) })),
  ];
}

/** Whether two paths name the same folder or file. */
export function samePath(a: FilePath, b: FilePath): boolean {
  return a.length === b.length && a.every((name, index) => name === b[index]);
}
