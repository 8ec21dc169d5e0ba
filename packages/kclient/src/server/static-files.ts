import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { ClientDirError } from './errors.ts';

/** One file of the browser client, held in memory. */
export interface StaticFile {
  readonly body: Buffer;
  /** Gzip of `body`, when that is smaller. */
  readonly gzip: Buffer | undefined;
  readonly contentType: string;
  readonly etag: string;
}

/** The browser client, keyed by path relative to the client root (`index.html`, `app.js`). */
export type StaticFiles = ReadonlyMap<string, StaticFile>;

const TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
  '.map': 'application/json',
  '.woff2': 'font/woff2',
};

/** Most files a client folder may hold; guards against pointing at `/` by mistake. */
const MAX_FILES = 500;

/**
 * Finds the client folder: the configured one, else `client/` next to this
 * file (the image layout, `/opt/helios/kclient/client/`) or one level up
 * (`dist/bundle/…` next to `dist/client/`).
 */
export function resolveClientDir(configured: string | undefined): string {
  const here = dirname(fileURLToPath(import.meta.url));
  const candidates =
    configured !== undefined ? [resolve(configured)] : [join(here, 'client'), join(here, '..', 'client')];
  const found = candidates.find((dir) => existsSync(join(dir, 'index.html')));
  if (found === undefined) throw new ClientDirError(candidates);
  return found;
}

/**
 * Loads the whole client into memory once. Serving from a map means a request
 * path can only ever name a file that was in the folder at start: there is
 * no path to traverse. `transform` rewrites files (e.g. the page title).
 */
export async function loadStaticFiles(
  root: string,
  transform: (path: string, body: Buffer) => Buffer = (_path, body) => body,
): Promise<StaticFiles> {
  const files = new Map<string, StaticFile>();
  let entries: string[];
  try {
    entries = (await readdir(root, { recursive: true, withFileTypes: true }))
      .filter((entry) => entry.isFile())
      .map((entry) => join(entry.parentPath, entry.name));
  } catch (cause) {
    throw new ClientDirError([root], cause);
  }
  if (entries.length > MAX_FILES) {
    throw new ClientDirError([`${root} (holds ${entries.length} files, expected at most ${MAX_FILES})`]);
  }
  for (const file of entries) {
    const path = relative(root, file).split(sep).join('/');
    const body = transform(path, await readFile(file));
    files.set(path, makeStaticFile(path, body));
  }
  return files;
}

/** Wraps one body with its type, etag and (when worth it) gzip form. */
export function makeStaticFile(path: string, body: Buffer): StaticFile {
  const dot = path.lastIndexOf('.');
  const contentType = TYPES[dot >= 0 ? path.slice(dot) : ''] ?? 'application/octet-stream';
  const compressible = /^(text\/|application\/json|image\/svg)/.test(contentType) && body.length > 512;
  const gzip = compressible ? gzipSync(body, { level: 9 }) : undefined;
  return Object.freeze({
    body,
    gzip: gzip !== undefined && gzip.length < body.length ? gzip : undefined,
    contentType,
    etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 22)}"`,
  });
}

/**
 * Maps the part of a URL path after the prefix to a key of {@link StaticFiles}:
 * decodes it, maps folders to `index.html`, and refuses anything with `..`,
 * backslashes, NUL or empty segments.
 */
export function staticKey(rest: string): string | undefined {
  let decoded: string;
  try {
    decoded = decodeURIComponent(rest);
  } catch {
    return undefined;
  }
  if (decoded.includes('\0') || decoded.includes('\\')) return undefined;
  const key = decoded === '' || decoded.endsWith('/') ? `${decoded}index.html` : decoded;
  const segments = key.split('/');
  if (segments.some((segment) => segment === '' || segment === '.' || segment === '..')) return undefined;
  return key;
}
