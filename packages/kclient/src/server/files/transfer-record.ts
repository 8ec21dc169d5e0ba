import { FilesError } from './file-errors.ts';
import type { FileDirection } from './file-policy.ts';
import { UploadAbortedError } from './upload-writer.ts';

/** One finished or failed transfer, as it is logged (docs/file-transfer.md). */
export interface TransferRecord {
  readonly route: 'files';
  readonly direction: FileDirection;
  /** The path inside the file root as the client named it. */
  readonly path: string;
  /** Bytes moved, also when the transfer failed part way. */
  readonly bytes: number;
  /** The client's address. */
  readonly client: string;
  /** The Basic-auth user name, when the request named one. */
  readonly user?: string;
  /** `ok`, `aborted`, `error`, or the refusal's code in short (`too_large`, `bad_path` …). */
  readonly outcome: string;
}

/** The metrics and log label of a transfer that ended with `error`. */
export function outcomeOf(error: unknown): string {
  if (error instanceof UploadAbortedError) return 'aborted';
  if (error instanceof FilesError) return error.code.replace('HELIOS_KCLIENT_FILES_', '').toLowerCase();
  return 'error';
}

/** The user name of a Basic `Authorization` header (who uploaded, for the log). */
export function basicUserOf(authorization: string | undefined): string | undefined {
  const match = /^\s*basic\s+(\S+)\s*$/i.exec(authorization ?? '');
  if (match?.[1] === undefined) return undefined;
  const decoded = Buffer.from(match[1], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  const user = colon >= 0 ? decoded.slice(0, colon) : '';
  return user === '' ? undefined : user;
}
