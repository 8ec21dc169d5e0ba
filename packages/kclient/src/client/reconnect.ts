/**
 * Delay before reconnect attempt number `attempt` (0 = first retry): doubles
 * from `baseMs` up to `maxMs`, so a restarting desktop is picked up within a
 * second while a long outage does not hammer the gateway.
 *
 * @param baseMs @default 500
 * @param maxMs @default 8000
 */
export function reconnectDelay(attempt: number, baseMs = 500, maxMs = 8000): number {
  return Math.min(maxMs, baseMs * 2 ** Math.max(0, Math.min(attempt, 16)));
}

/**
 * WebSocket URL of one of the gateway's sockets for a page: `name`
 * (`websockify`, `audio`, `video`) next to the page, ws(s) scheme, so
 * `{prefix}` and `{prefix}view-only/` each reach their own. The page's query
 * is not carried: a `?token=` was turned into a cookie with the page.
 */
export function socketUrl(pageHref: string, name: 'websockify' | 'audio' | 'video'): string {
  const url = new URL(name, pageHref);
  url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
  url.search = '';
  url.hash = '';
  return url.href;
}

/**
 * WebSocket URL of the bridge for a page ({@link socketUrl} `websockify`).
 * `desktopScale`, when given, travels as `?scale=` for the gateway to hand to
 * the desktop (see the kclient README, "HiDPI").
 */
export function bridgeUrl(pageHref: string, desktopScale?: number): string {
  const url = new URL(socketUrl(pageHref, 'websockify'));
  if (desktopScale !== undefined) url.searchParams.set('scale', String(desktopScale));
  return url.href;
}
