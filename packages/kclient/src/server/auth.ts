import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import type { GatewayAuth } from './config/gateway-config.ts';

/** Name of the cookie that carries the token after `?token=` was used once. */
const TOKEN_COOKIE = 'helios_token';

/** The parts of a request that can carry credentials. */
export interface AuthRequest {
  /** `Authorization` header. */
  readonly authorization: string | undefined;
  /** `Cookie` header. */
  readonly cookie: string | undefined;
  /** `token` query parameter. */
  readonly queryToken: string | undefined;
}

/** The credentials a request (page or WebSocket upgrade) carries, from its headers and query. */
export function credentialsOf(headers: IncomingHttpHeaders, query: URLSearchParams): AuthRequest {
  return {
    authorization: firstValue(headers.authorization),
    cookie: firstValue(headers.cookie),
    queryToken: query.get('token') ?? undefined,
  };
}

/** The first value of a header Node may have split into several. */
export function firstValue(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

/**
 * Whether a request tried to authenticate at all. Only such tries count
 * towards the brute-force brake: a browser's first request, which asks for
 * the Basic challenge, carries nothing.
 */
export function offersCredentials(request: AuthRequest): boolean {
  return (
    request.authorization !== undefined ||
    request.queryToken !== undefined ||
    readCookie(request.cookie, TOKEN_COOKIE) !== undefined
  );
}

/** Outcome of {@link decideAuth}. */
export type AuthDecision =
  | { readonly allowed: true; readonly setTokenCookie: boolean }
  | { readonly allowed: false; readonly challenge: string | undefined };

/**
 * Decides whether a request (page, asset, WebSocket or metrics alike) carries
 * valid credentials. A browser cannot put headers on a WebSocket, so a token
 * given once as `?token=` is remembered in an HttpOnly cookie; basic auth is
 * re-sent by the browser on its own. Comparisons are constant-time.
 */
export function decideAuth(auth: GatewayAuth | undefined, request: AuthRequest): AuthDecision {
  if (auth === undefined) return { allowed: true, setTokenCookie: false };
  const header = request.authorization?.trim() ?? '';
  const space = header.indexOf(' ');
  const scheme = space > 0 ? header.slice(0, space).toLowerCase() : '';
  const credentials = space > 0 ? header.slice(space + 1).trim() : '';
  if (auth.token !== undefined) {
    if (scheme === 'bearer' && secretEquals(credentials, auth.token)) {
      return { allowed: true, setTokenCookie: false };
    }
    if (request.queryToken !== undefined && secretEquals(request.queryToken, auth.token)) {
      return { allowed: true, setTokenCookie: true };
    }
    const cookie = readCookie(request.cookie, TOKEN_COOKIE);
    if (cookie !== undefined && secretEquals(cookie, auth.token))
      return { allowed: true, setTokenCookie: false };
  }
  if (auth.basic !== undefined && scheme === 'basic') {
    const decoded = Buffer.from(credentials, 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    // Both halves are always compared so timing does not reveal which one failed.
    const userOk = secretEquals(colon >= 0 ? decoded.slice(0, colon) : decoded, auth.basic.user);
    const passwordOk = secretEquals(colon >= 0 ? decoded.slice(colon + 1) : '', auth.basic.password);
    if (userOk && passwordOk) return { allowed: true, setTokenCookie: false };
  }
  return {
    allowed: false,
    challenge: auth.basic !== undefined ? 'Basic realm="Helios", charset="UTF-8"' : undefined,
  };
}

/**
 * Constant-time string comparison. Hashing first gives equal-length inputs,
 * so the length of the secret does not leak either.
 */
export function secretEquals(given: string, expected: string): boolean {
  const a = createHash('sha256').update(given).digest();
  const b = createHash('sha256').update(expected).digest();
  return timingSafeEqual(a, b);
}

/** Reads one cookie value from a `Cookie` header. */
export function readCookie(header: string | undefined, name: string): string | undefined {
  if (header === undefined) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) {
      try {
        return decodeURIComponent(part.slice(eq + 1).trim());
      } catch {
        return undefined;
      }
    }
  }
  return undefined;
}

/** `Set-Cookie` value remembering the token for pages and WebSockets under `path`. */
export function tokenCookie(token: string, path: string, secure: boolean): string {
  return `${TOKEN_COOKIE}=${encodeURIComponent(token)}; Path=${path}; HttpOnly; SameSite=Strict${secure ? '; Secure' : ''}`;
}

/**
 * `url` fit for a log line: a `token` query parameter (a credential, right or
 * wrong) is replaced by `***`.
 */
export function redactToken(url: string): string {
  return url.replace(/([?&]token=)[^&#]*/gi, '$1***');
}
