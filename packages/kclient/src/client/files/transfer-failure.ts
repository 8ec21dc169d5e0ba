/** How a request to `{prefix}files/…` went wrong, as the page saw it. */
export type TransferFailure =
  /** The gateway (or a proxy in front of it) answered with an error status. */
  | { readonly kind: 'http'; readonly status: number; readonly body: string }
  /** No answer: the connection broke or never opened. */
  | { readonly kind: 'network' }
  /** The user cancelled. */
  | { readonly kind: 'cancelled' };

/** What the panel shows for a {@link TransferFailure}: a stable code and a sentence. */
export interface FailureMessage {
  /** The gateway's `HELIOS_KCLIENT_FILES_…` code, or `HTTP_<status>`, `NETWORK`, `CANCELLED`. */
  readonly code: string;
  readonly text: string;
}

/** The gateway's error body (docs/file-transfer.md): `{ code, message }`. */
export interface ServerError {
  readonly code: string;
  readonly message: string;
}

/** The code for an upload whose name is taken: the page tries the next free name. */
export const EXISTS_CODE = 'HELIOS_KCLIENT_FILES_EXISTS';

/**
 * The gateway's `{ code, message }`, or undefined for any other body (a
 * proxy's HTML page, plain text). Checked by hand, not with zod: zod probes
 * `new Function` when it loads, which the page's CSP reports.
 */
export function parseServerError(body: string): ServerError | undefined {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    return undefined;
  }
  if (typeof json !== 'object' || json === null) return undefined;
  const { code, message } = json as Record<string, unknown>;
  if (typeof code !== 'string' || typeof message !== 'string' || !code.startsWith('HELIOS_'))
    return undefined;
  return { code, message: message.slice(0, 1000) };
}

/** Said for a status when the body is not the gateway's (a proxy answered, or an older gateway). */
const STATUS_TEXT: Readonly<Record<number, string>> = {
  400: 'the gateway refused this path',
  401: 'the gateway asks for credentials again: reload the page',
  403: 'file transfer is not allowed on this desktop',
  404: 'nothing is there (it may have been moved or deleted)',
  409: 'a file of that name is in the way',
  413: 'the file is larger than the gateway (or a proxy in front of it) accepts',
  415: 'that is not a regular file',
  429: 'too many wrong credentials from this address: try again in a minute',
  507: "the desktop's disk is full",
};

/**
 * The gateway's own message when it sent one (it says what, where and how
 * to fix); otherwise a sentence for the status, the broken connection or
 * the cancel.
 */
export function describeFailure(failure: TransferFailure): FailureMessage {
  if (failure.kind === 'cancelled') return { code: 'CANCELLED', text: 'Cancelled' };
  if (failure.kind === 'network') {
    return {
      code: 'NETWORK',
      text: 'The connection to the gateway broke: check the network and try again',
    };
  }
  const server = parseServerError(failure.body);
  if (server !== undefined) return { code: server.code, text: server.message };
  const known =
    STATUS_TEXT[failure.status] ?? (failure.status >= 500 ? 'the gateway failed' : 'the gateway refused');
  return { code: `HTTP_${failure.status}`, text: `${capitalise(known)} (HTTP ${failure.status})` };
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
