import type { FastifyReply, FastifyRequest } from 'fastify';
import { decideAuth, tokenCookie } from '../auth.ts';
import type { GatewayConfig } from '../config/gateway-config.ts';
import { splitTarget } from '../upgrade-decision.ts';

/**
 * An `onRequest` hook that answers 401 unless the request carries the
 * gateway's credentials (the same check the WebSocket upgrades get). A valid
 * `?token=` is remembered in an HttpOnly cookie, since a browser cannot put
 * headers on a WebSocket. Registered inside the plugins it protects, so the
 * health routes stay open.
 */
export function authHook(config: GatewayConfig) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const { searchParams } = splitTarget(request.raw.url ?? '/');
    const decision = decideAuth(config.auth, {
      authorization: request.headers.authorization,
      cookie: request.headers.cookie,
      queryToken: searchParams.get('token') ?? undefined,
    });
    if (!decision.allowed) {
      if (decision.challenge !== undefined) reply.header('www-authenticate', decision.challenge);
      return reply.code(401).type('text/plain; charset=utf-8').send('authentication required\n');
    }
    if (decision.setTokenCookie && config.auth?.token !== undefined) {
      reply.header('set-cookie', tokenCookie(config.auth.token, config.prefix, request.protocol === 'https'));
    }
  };
}
