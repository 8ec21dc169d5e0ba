import type { FastifyReply, FastifyRequest } from 'fastify';
import { credentialsOf, decideAuth, offersCredentials, tokenCookie } from '../auth.ts';
import type { AuthThrottle } from '../auth-throttle.ts';
import type { GatewayConfig } from '../config/gateway-config.ts';
import { splitTarget } from '../upgrade-decision.ts';

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
    const offered = credentialsOf(request.headers, splitTarget(request.raw.url ?? '/').searchParams);
    const decision = decideAuth(config.auth, offered);
    if (throttle.record(client, offersCredentials(offered), decision.allowed, Date.now())) {
      request.log.warn(
        { client, limit: config.authMaxFailures },
        'too many wrong credentials: refusing for a minute',
      );
    }
    if (!decision.allowed) {
      if (decision.challenge !== undefined) reply.header('www-authenticate', decision.challenge);
      return reply.code(401).type('text/plain; charset=utf-8').send('authentication required\n');
    }
    if (decision.setTokenCookie && config.auth?.token !== undefined) {
      reply.header('set-cookie', tokenCookie(config.auth.token, config.prefix, request.protocol === 'https'));
    }
  };
}
