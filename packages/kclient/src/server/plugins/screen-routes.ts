import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { SCREEN_ERROR_CODES } from '../../shared/screen-layout.ts';
import type { AuthThrottle } from '../auth-throttle.ts';
import type { GatewayConfig } from '../config/gateway-config.ts';
import { layoutQueryOf, type ScreenGroups } from '../screen-groups.ts';
import { splitTarget } from '../upgrade-decision.ts';
import { authHook } from './auth-hook.ts';

/** What the screen layout route reads. */
export interface ScreenRoutesOptions {
  readonly config: GatewayConfig;
  readonly groups: ScreenGroups;
  readonly throttle: AuthThrottle;
}

/**
 * `{prefix}screens?group=KEY` (and under `view-only/`): the layout of a
 * group of screen windows (README "Several screens"), behind the same auth
 * as the pages. The owner's page adds `&width=W&height=H`, its window's
 * size, and sends the answer to the VNC server as one SetDesktopSize; every
 * window reads its own rectangle from it. 200 with the layout, 204 while the
 * owner has not reported its size, 409 with `{ code, message }` for a layout
 * that is refused, 400 for a malformed query.
 */
export async function screenRoutes(app: FastifyInstance, options: ScreenRoutesOptions): Promise<void> {
  const { config, groups } = options;
  app.addHook('onRequest', authHook(config, options.throttle));
  const handler = (viewOnly: boolean) => async (request: FastifyRequest, reply: FastifyReply) => {
    reply.header('cache-control', 'no-store');
    const query = layoutQueryOf(splitTarget(request.raw.url ?? '/').searchParams);
    if (!query.ok) return reply.code(400).send({ code: SCREEN_ERROR_CODES.LAYOUT, message: query.issue });
    // A view-only page shows a screen; it never sizes one.
    const owner = !viewOnly && !config.viewOnly;
    if (owner && query.primary !== undefined) groups.setPrimary(query.group, query.primary);
    const result = groups.layout(query.group);
    if (result === undefined) return reply.code(204).send();
    if (!result.ok) return reply.code(409).send({ code: result.code, message: result.message });
    return reply.send(result.layout);
  };
  app.get(`${config.prefix}screens`, handler(false));
  app.get(`${config.prefix}view-only/screens`, handler(true));
}
