import type { FastifyReply, FastifyRequest } from 'fastify';
import { decideAuth, readCookie, TOKEN_COOKIE, tokenCookie } from '../auth.ts';
import type { AuthThrottle } from '../auth-throttle.ts';
import type { GatewayConfig } from '../config/gateway-config.ts';
import { splitTarget } from '../upgrade-decision.ts';

/** What a request (page or WebSocket upgrade) offers as credentials. */
export interface OfferedCredentials {
  readonly authorization: string | undefined;
  readonly cookie: string | undefined;
  readonly queryToken: string | undefined;
}

/**
 * Whether a request tried to authenticate at all. Only such tries count as
 * failures: a browser's first request, which asks for the Basic challenge,
 * carries nothing.
 */
export function offersCredentials(offered: OfferedCredentials): boolean {
  return (
    offered.authorization !== undefined ||
    offered.queryToken !== undefined ||
    readCookie(offered.cookie, TOKEN_COOKIE) !== undefined
  );
}

/**
 * An `onRequest` hook that answers 401 unless the request carries the
 * gateway's credentials (the same check the WebSocket upgrades get), and 429
 * while its address is throttled for sending wrong ones. A valid `?token=` is
 * remembered in an HttpOnly cookie, since a browser cannot put headers on a
 * WebSocket. Registered inside the plugins it protects, so the health routes
 * stay open.
 */
export function authHook(config: GatewayConfig, throttle: AuthThrottle) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    if (config.auth === undefined) return;
    const client = request.socket.remoteAddress ?? 'unknown';
    const retryAfterMs = throttle.retryAfterMs(client, Date.now());
    if (retryAfterMs > 0) {
      return reply
        .code(429)
        .header('retry-after', String(Math.ceil(retryAfterMs / 1000)))
        .type('text/plain; charset=utf-8')
        .send('too many wrong credentials, try again later\n');
    }
    const { searchParams } = splitTarget(request.raw.url ?? '/');
    const offered = {
      authorization: request.headers.authorization,
      cookie: request.headers.cookie,
      queryToken: searchParams.get('token') ?? undefined,
    };
    const decision = decideAuth(config.auth, offered);
    if (!decision.allowed) {
      if (offersCredentials(offered) && throttle.fail(client, Date.now())) {
        request.log.warn(
          { client, limit: config.authMaxFailures },
          'too many wrong credentials: refusing for a minute',
        );
      }
      if (decision.challenge !== undefined) reply.header('www-authenticate', decision.challenge);
      return reply.code(401).type('text/plain; charset=utf-8').send('authentication required\n');
    }
    if (offersCredentials(offered)) throttle.succeed(client);
    if (decision.setTokenCookie && config.auth?.token !== undefined) {
      reply.header('set-cookie', tokenCookie(config.auth.token, config.prefix, request.protocol === 'https'));
    }
  };
}
