/** What the server fills into the client's `index.html`. */
export interface PageSettings {
  /** Page title (TITLE). */
  readonly title: string;
  /** Whether this page is the view-only one. */
  readonly viewOnly: boolean;
}

/**
 * Fills `%HELIOS_TITLE%` and `%HELIOS_VIEW_ONLY%` in the client's page. The
 * title is HTML-escaped: it comes from the environment, and the page must not
 * turn it into markup.
 */
export function renderPage(template: string, settings: PageSettings): string {
  return template
    .replaceAll('%HELIOS_TITLE%', escapeHtml(settings.title))
    .replaceAll('%HELIOS_VIEW_ONLY%', settings.viewOnly ? 'true' : 'false');
}

/** Escapes the five characters that are special in HTML text and attributes. */
function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}
