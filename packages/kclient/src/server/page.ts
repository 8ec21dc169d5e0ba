/**
 * What the page says about HTTPS: the port it is served on, `off` (not
 * configured), or `failed` (configured by default but could not start).
 * The client reads it to link a page opened over plain HTTP to its HTTPS twin.
 */
export type HttpsAnnouncement = number | 'off' | 'failed';

/** Name of the meta tag carrying the {@link HttpsAnnouncement}; the client's https-note.ts reads it. */
const HTTPS_META_NAME = 'helios-https-port';

/** What the server fills into the client's `index.html`. */
export interface PageSettings {
  /** Page title (TITLE). */
  readonly title: string;
  /** Whether this page is the view-only one. */
  readonly viewOnly: boolean;
  /** The HTTPS port the page may point to. */
  readonly https: HttpsAnnouncement;
}

/**
 * Fills `%HELIOS_TITLE%` and `%HELIOS_VIEW_ONLY%` in the client's page and
 * adds the {@link HTTPS_META_NAME} meta tag at the end of its head (the
 * template has no placeholder for it). The title is HTML-escaped: it comes
 * from the environment, and the page must not turn it into markup.
 */
export function renderPage(template: string, settings: PageSettings): string {
  const httpsMeta = `<meta name="${HTTPS_META_NAME}" content="${settings.https}" />`;
  return template
    .replaceAll('%HELIOS_TITLE%', escapeHtml(settings.title))
    .replaceAll('%HELIOS_VIEW_ONLY%', settings.viewOnly ? 'true' : 'false')
    .replace('</head>', `  ${httpsMeta}\n  </head>`);
}

/** Escapes the five characters that are special in HTML text and attributes. */
function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}
