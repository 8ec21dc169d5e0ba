/** `FILE_TRANSFER`: which directions files may move in. */
export const FILE_TRANSFER_POLICIES = ['off', 'upload', 'download', 'both'] as const;

/** One of {@link FILE_TRANSFER_POLICIES}. */
export type FileTransferPolicy = (typeof FILE_TRANSFER_POLICIES)[number];

/** What a file request asks for: a `GET` (listing or file) or a `PUT`. */
export type FileDirection = 'download' | 'upload';

/** Outcome of {@link decideFileAccess}. */
export type FileAccess = { readonly allowed: true } | { readonly allowed: false; readonly message: string };

/**
 * Whether the policy lets a request through. A view-only gateway transfers
 * nothing whatever the policy; a listing counts as a download (the page only
 * browses where downloads are allowed).
 */
export function decideFileAccess(
  policy: FileTransferPolicy,
  viewOnly: boolean,
  direction: FileDirection,
): FileAccess {
  if (viewOnly) {
    return {
      allowed: false,
      message: 'this gateway is view-only (HELIOS_VIEW_ONLY): it transfers no files',
    };
  }
  if (policy === 'both' || policy === direction) return { allowed: true };
  const wanted = direction === 'upload' ? 'uploads' : 'downloads and listings';
  return {
    allowed: false,
    message: `${wanted} are off: FILE_TRANSFER=${policy} (set FILE_TRANSFER=${direction} or both to allow them)`,
  };
}

/** What a page announces in its `helios-file-transfer` meta tag: `off` on view-only pages. */
export function pagePolicy(policy: FileTransferPolicy, viewOnlyPage: boolean): FileTransferPolicy {
  return viewOnlyPage ? 'off' : policy;
}
