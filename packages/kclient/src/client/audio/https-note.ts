import { featuresNeedingHttps, type HttpsAdvice, httpsAdvice } from './https-advice.ts';

/** The meta tag the gateway renders into the page (server/page.ts, HTTPS_META_NAME). */
const HTTPS_META = 'meta[name="helios-https-port"]';

const STATUS: Record<Exclude<HttpsAdvice['kind'], 'link'>, string> = {
  off: 'HTTPS is off on this server (HTTPS_PORT=off). Open the desktop as localhost (for example through an SSH tunnel) or ask its operator to turn HTTPS on.',
  failed: 'HTTPS could not start on this server; its log says why.',
  unknown: 'This server does not say where its HTTPS address is.',
};

/**
 * Shows why some things are missing on a page that is not a secure context,
 * and links its HTTPS twin. Call it only when `window.isSecureContext` is
 * false. The element is made here, so the page's HTML needs nothing for
 * it (style.css styles it): `#https-note`, its `data-https` is the advice
 * kind, `#https-note-link` the link. A close button removes it for this
 * visit.
 */
export function mountHttpsNote(options: { viewOnly: boolean; pageHref: string }): void {
  const advice = httpsAdvice(document.querySelector(HTTPS_META)?.getAttribute('content'), options.pageHref);
  const note = document.createElement('aside');
  note.id = 'https-note';
  note.dataset.https = advice.kind;
  note.setAttribute('role', 'note');
  note.setAttribute('aria-label', 'Secure connection');

  const why = document.createElement('p');
  const missing = featuresNeedingHttps(options.viewOnly);
  why.textContent = `Plain HTTP: desktop audio plays, but ${joinList(missing)} ${missing.length === 1 ? 'needs' : 'need'} HTTPS or localhost.`;

  const next = document.createElement('p');
  if (advice.kind === 'link') {
    const link = document.createElement('a');
    link.id = 'https-note-link';
    link.href = advice.url;
    link.textContent = `Open ${advice.url}`;
    next.append(link, ' (a self-signed certificate unless one is mounted: accept it once).');
  } else {
    next.textContent = STATUS[advice.kind];
  }

  const close = document.createElement('button');
  close.type = 'button';
  close.textContent = '×';
  close.title = 'Hide this note';
  close.setAttribute('aria-label', 'Hide this note');
  close.addEventListener('click', () => note.remove());

  note.append(why, next, close);
  // In the body, not in the audio controls: those may sit in a collapsed panel, and the note must be seen.
  document.body.append(note);
}

function joinList(items: readonly string[]): string {
  return items.length < 2 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`;
}
