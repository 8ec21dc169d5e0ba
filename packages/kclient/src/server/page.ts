import type { FileTransferPolicy } from './files/file-policy.ts';

/**
 * What the page says about HTTPS: the port it is served on, `off` (not
 * configured), or `failed` (configured by default but could not start).
 * The client reads it to link a page opened over plain HTTP to its HTTPS twin.
 */
export type HttpsAnnouncement = number | 'off' | 'failed';

/** Name of the meta tag carrying the {@link HttpsAnnouncement}; the client's https-note.ts reads it. */
const HTTPS_META_NAME = 'helios-https-port';

/** Name of the meta tag saying whether `{prefix}video` can serve H.264 (`on`) or not (`off`). */
const VIDEO_META_NAME = 'helios-video';

/** Names of the meta tags telling the page what file transfer allows (docs/file-transfer.md). */
const FILE_TRANSFER_META_NAME = 'helios-file-transfer';
const FILE_MAX_MB_META_NAME = 'helios-file-max-mb';

/** What the server fills into the client's `index.html`. */
export interface PageSettings {
  /** Page title (TITLE). */
  readonly title: string;
  /** Whether this page is the view-only one. */
  readonly viewOnly: boolean;
  /** The HTTPS port the page may point to. */
  readonly https: HttpsAnnouncement;
  /** Whether the video transport is on (served, with a usable encoder). */
  readonly video: 'on' | 'off';
  /** Which way files may move from this page (`off` on a view-only page). @default 'off' */
  readonly fileTransfer?: FileTransferPolicy;
  /** Largest upload in MiB. @default 10240 */
  readonly fileMaxMb?: number;
}

/**
 * Fills `%HELIOS_TITLE%` and `%HELIOS_VIEW_ONLY%` in the client's page and
 * adds the {@link HTTPS_META_NAME}, {@link VIDEO_META_NAME} and the two file
 * transfer meta tags at the end of its head (the template has no placeholder for them). The title is HTML-escaped: it comes
 * from the environment, and the page must not turn it into markup.
 */
export function renderPage(template: string, settings: PageSettings): string {
  const httpsMeta = `<meta name="${HTTPS_META_NAME}" content="${settings.https}" />`;
  const videoMeta = `<meta name="${VIDEO_META_NAME}" content="${settings.video}" />`;
  const fileMeta = `<meta name="${FILE_TRANSFER_META_NAME}" content="${settings.viewOnly ? 'off' : (settings.fileTransfer ?? 'off')}" />`;
  const maxMbMeta = `<meta name="${FILE_MAX_MB_META_NAME}" content="${settings.fileMaxMb ?? 10_240}" />`;
  return template
    .replaceAll('%HELIOS_TITLE%', escapeHtml(settings.title))
    .replaceAll('%HELIOS_VIEW_ONLY%', settings.viewOnly ? 'true' : 'false')
    .replace('</head>', `  ${httpsMeta}\n  ${videoMeta}\n  ${fileMeta}\n  ${maxMbMeta}\n  </head>`);
}

/** Escapes the five characters that are special in HTML text and attributes. */
function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}
