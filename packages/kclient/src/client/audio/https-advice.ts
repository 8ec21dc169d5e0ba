/**
 * What a page that is not a secure context tells its user about HTTPS,
 * decided from the gateway's `helios-https-port` meta tag (rendered by the
 * server's page.ts: a port, `off`, or `failed`). Pure, unit-tested.
 */
export type HttpsAdvice =
  /** Open the same page over HTTPS at `url`. */
  | { readonly kind: 'link'; readonly url: string }
  /** The operator turned HTTPS off (HTTPS_PORT=off, or no port next to HTTP_PORT 0). */
  | { readonly kind: 'off' }
  /** HTTPS was on by default but could not start (port taken, no certificate). */
  | { readonly kind: 'failed' }
  /** The page does not say (a gateway without the meta tag). */
  | { readonly kind: 'unknown' };

/**
 * The advice for a page at `pageHref` given the meta tag's content: a link
 * keeps host, path and query and swaps scheme and port, so `{PREFIX}` and
 * `view-only/` lead to the same page. Behind a port mapping (`-p 8080:3000`)
 * the HTTPS port must be mapped to itself for the link to work.
 */
export function httpsAdvice(announced: string | null | undefined, pageHref: string): HttpsAdvice {
  const value = announced?.trim();
  if (value === 'off' || value === 'failed') return { kind: value };
  if (value === undefined || !/^\d{1,5}$/.test(value) || Number(value) < 1 || Number(value) > 65535) {
    return { kind: 'unknown' };
  }
  const url = new URL(pageHref);
  url.protocol = 'https:';
  url.port = value;
  url.hash = '';
  return { kind: 'link', url: url.href };
}

/**
 * What truly needs a secure context on this page, in the words of the note.
 * Desktop audio is not among them: it plays here through the WebAssembly
 * decoder and scheduled buffers.
 */
export function featuresNeedingHttps(viewOnly: boolean): readonly string[] {
  const audio = 'leaner audio decoding (WebCodecs, AudioWorklet)';
  return viewOnly
    ? [audio]
    : ['the microphone', 'automatic clipboard sync (the clipboard box in the controls still works)', audio];
}
