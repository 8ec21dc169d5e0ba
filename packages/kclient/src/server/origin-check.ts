/** Headers of a WebSocket upgrade that matter for the origin decision. */
export interface OriginRequest {
  /** `Origin`; absent for non-browser clients. */
  readonly origin: string | undefined;
  /** `Host` as the browser sent it (or as the proxy passed it on). */
  readonly host: string | undefined;
  /** First entry of `X-Forwarded-Host`, set by reverse proxies. */
  readonly forwardedHost: string | undefined;
}

/**
 * Decides whether a WebSocket upgrade may proceed, against cross-site
 * WebSocket hijacking: a page on another site must not drive the desktop
 * with the user's cookies or basic-auth credentials.
 *
 * Allowed: no `Origin` (not a browser, so no ambient credentials to abuse);
 * an origin whose host equals `Host` or `X-Forwarded-Host` (a page cannot set
 * either on a WebSocket request, so matching them is safe); any origin in
 * `allowed`, or everything when `allowed` holds `*`.
 */
export function isOriginAllowed(request: OriginRequest, allowed: readonly string[]): boolean {
  const { origin } = request;
  if (origin === undefined) return true;
  if (allowed.includes('*')) return true;
  let url: URL;
  try {
    url = new URL(origin);
  } catch {
    return false;
  }
  if (url.origin === 'null') return false;
  if (allowed.includes(url.origin)) return true;
  return [request.host, request.forwardedHost].some((host) => host !== undefined && sameHost(url, host));
}

function sameHost(origin: URL, host: string): boolean {
  try {
    // Parsing the Host header with the origin's scheme drops default ports
    // the same way the origin's own serialisation does.
    return new URL(`${origin.protocol}//${host.trim()}`).host === origin.host;
  } catch {
    return false;
  }
}
