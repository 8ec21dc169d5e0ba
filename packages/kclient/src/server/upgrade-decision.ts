import type { IncomingHttpHeaders } from 'node:http';
import { type AuthDecision, credentialsOf, decideAuth, firstValue } from './auth.ts';
import type { GatewayConfig } from './config/gateway-config.ts';
import { isOriginAllowed } from './origin-check.ts';

/** What an accepted upgrade opens: the VNC bridge or the screen's video. */
type UpgradeRoute = 'vnc' | 'video';

/** Verdict on one WebSocket upgrade request. */
export type UpgradeDecision =
  | { readonly accept: true; readonly viewOnly: boolean; readonly route: UpgradeRoute }
  | {
      readonly accept: false;
      readonly status: 401 | 403 | 404 | 503;
      /** Label for metrics and logs. */
      readonly reason: 'not_found' | 'origin' | 'auth' | 'limit';
      readonly challenge?: string;
    };

/** Inputs of {@link decideUpgrade}: the request and the gateway's current load. */
export interface UpgradeRequest {
  /** Request target as sent (`/prefix/websockify?token=…`). */
  readonly url: string;
  readonly headers: IncomingHttpHeaders;
  /** WebSockets open now (bridges, audio and video). */
  readonly openConnections: number;
}

/**
 * Decides an upgrade in the order a user would debug it: wrong path (404),
 * foreign origin (403), missing credentials (401), too many viewers (503).
 * `{prefix}websockify` is full access unless the gateway is view-only;
 * `{prefix}view-only/websockify` is always view-only. `{prefix}video` and
 * `{prefix}view-only/video` (unless video is off) pass the same checks: the
 * video socket carries no input, but it shows the screen.
 */
export function decideUpgrade(config: GatewayConfig, request: UpgradeRequest): UpgradeDecision {
  const { pathname, searchParams } = splitTarget(request.url);
  const route = routeOf(config, pathname);
  if (route === undefined) return { accept: false, status: 404, reason: 'not_found' };

  const origin = isOriginAllowed(
    {
      origin: firstValue(request.headers.origin),
      host: firstValue(request.headers.host),
      forwardedHost: firstValue(request.headers['x-forwarded-host'])?.split(',')[0]?.trim(),
    },
    config.allowedOrigins,
  );
  if (!origin) return { accept: false, status: 403, reason: 'origin' };

  const auth: AuthDecision = decideAuth(config.auth, credentialsOf(request.headers, searchParams));
  if (!auth.allowed) {
    return auth.challenge === undefined
      ? { accept: false, status: 401, reason: 'auth' }
      : { accept: false, status: 401, reason: 'auth', challenge: auth.challenge };
  }

  if (request.openConnections >= config.maxConnections)
    return { accept: false, status: 503, reason: 'limit' };
  return { accept: true, viewOnly: route.viewOnly, route: route.route };
}

function routeOf(
  config: GatewayConfig,
  pathname: string,
): { readonly route: UpgradeRoute; readonly viewOnly: boolean } | undefined {
  const { prefix } = config;
  if (pathname === `${prefix}websockify`) return { route: 'vnc', viewOnly: config.viewOnly };
  if (pathname === `${prefix}view-only/websockify`) return { route: 'vnc', viewOnly: true };
  if (config.video.enabled === false) return undefined;
  if (pathname === `${prefix}video`) return { route: 'video', viewOnly: config.viewOnly };
  if (pathname === `${prefix}view-only/video`) return { route: 'video', viewOnly: true };
  return undefined;
}

/** Splits a request target into path and query without trusting it to be a valid URL. */
export function splitTarget(url: string): { pathname: string; searchParams: URLSearchParams } {
  const question = url.indexOf('?');
  return question < 0
    ? { pathname: url, searchParams: new URLSearchParams() }
    : { pathname: url.slice(0, question), searchParams: new URLSearchParams(url.slice(question + 1)) };
}
