/**
 * The path part of `{prefix}files/<path>` read into names inside the file
 * root. Pure: nothing here touches the disk; the resolver (file-root.ts)
 * still confines what these names reach through symbolic links.
 */

/** A request path checked for shape: every segment is a plain name. */
export interface FilePath {
  /** Decoded names from the root down; empty for the root itself. */
  readonly segments: readonly string[];
  /** The request ended in `/` (or named the root): it asks for a folder. */
  readonly folder: boolean;
  /** The segments joined with `/`, for messages and logs. */
  readonly text: string;
}

/** Outcome of {@link parseFilePath}. */
export type FilePathParse =
  | { readonly ok: true; readonly path: FilePath }
  | { readonly ok: false; readonly problem: string };

/** Longest name a Linux file system takes, in bytes (NAME_MAX). */
const MAX_NAME_BYTES = 255;
/** Longest path, in bytes, below the root (PATH_MAX). */
const MAX_PATH_BYTES = 4096;
/** Longest raw (still encoded) path looked at, so a huge URL is refused before decoding. */
const MAX_RAW_LENGTH = 3 * MAX_PATH_BYTES;

/**
 * Reads the raw, percent-encoded path after `{prefix}files/` (query removed).
 * Refuses, naming the problem: a leading `/` (absolute), an empty segment
 * (`//`), `.` and `..` however encoded, `\` and an encoded `/` or `\`
 * (a separator smuggled into a name), NUL, malformed percent-encoding, and
 * names or paths longer than Linux takes.
 */
export function parseFilePath(raw: string): FilePathParse {
  if (raw.length > MAX_RAW_LENGTH) return refuse(`the path is longer than ${MAX_PATH_BYTES} bytes`);
  if (raw.includes('\\')) return refuse('"\\" is not a separator here: use "/"');
  if (/%(2f|5c)/i.test(raw)) return refuse('an encoded "/" or "\\" cannot be part of a name');
  if (raw.startsWith('/'))
    return refuse('absolute paths are not allowed: paths are relative to the file root');
  if (raw === '')
    return { ok: true, path: Object.freeze({ segments: Object.freeze([]), folder: true, text: '' }) };
  const folder = raw.endsWith('/');
  const parts = (folder ? raw.slice(0, -1) : raw).split('/');
  const segments: string[] = [];
  for (const part of parts) {
    if (part === '') return refuse('empty segment ("//")');
    let name: string;
    try {
      name = decodeURIComponent(part);
    } catch {
      return refuse(`malformed percent-encoding in "${part.slice(0, 40)}"`);
    }
    if (name.includes('\0')) return refuse('NUL cannot be part of a name');
    if (name === '.' || name === '..') return refuse(`"${name}" segments are not allowed`);
    if (Buffer.byteLength(name) > MAX_NAME_BYTES)
      return refuse(`a name is longer than ${MAX_NAME_BYTES} bytes`);
    segments.push(name);
  }
  const text = segments.join('/');
  if (Buffer.byteLength(text) > MAX_PATH_BYTES)
    return refuse(`the path is longer than ${MAX_PATH_BYTES} bytes`);
  return { ok: true, path: Object.freeze({ segments: Object.freeze(segments), folder, text }) };
}

function refuse(problem: string): FilePathParse {
  return { ok: false, problem };
}

/**
 * Whether `candidate`, a real path (symbolic links resolved), is `root` or
 * below it; `root` is a real path too. `/home/al` does not contain `/home/alice`.
 */
export function isInsideRoot(root: string, candidate: string): boolean {
  if (candidate === root) return true;
  return candidate.startsWith(root.endsWith('/') ? root : `${root}/`);
}
