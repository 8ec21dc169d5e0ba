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
 * WebSocket URL of the bridge for a page: `websockify` next to the page,
 * ws(s) scheme. `desktopScale`, when given, travels as `?scale=` for the
 * gateway to hand to the desktop (see the kclient README, "HiDPI").
 */
export function bridgeUrl(pageHref: string, desktopScale?: number): string {
  const url = new URL('websockify', pageHref);
  url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
  url.hash = '';
  // The page's query is not carried: a ?token= was turned into a cookie with the page.
  if (desktopScale !== undefined) url.searchParams.set('scale', String(desktopScale));
  return url.href;
}
