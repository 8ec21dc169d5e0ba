import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { decideAuth, tokenCookie } from './auth.ts';
import type { GatewayConfig } from './config.ts';
import type { Health } from './health.ts';
import { type GatewayMetrics, type LiveGauges, renderMetrics } from './metrics.ts';
import { type StaticFile, type StaticFiles, staticKey } from './static-files.ts';
import { splitTarget } from './upgrade-decision.ts';

/** What the HTTP routes serve. */
export interface RouteDeps {
  readonly config: GatewayConfig;
  readonly metrics: GatewayMetrics;
  /** The client; `index.html` rendered for the main page. */
  readonly files: StaticFiles;
  /** `index.html` rendered for the view-only page. */
  readonly viewOnlyPage: StaticFile;
  readonly health: () => Promise<Health>;
  /** Gauges of other services (audio) read when /metrics is scraped. */
  readonly liveGauges?: () => LiveGauges;
}

/** Headers on every page and asset. */
const SECURITY_HEADERS = {
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'cross-origin-opener-policy': 'same-origin',
} as const;

/**
 * Registers `/health`, `{prefix}probe`, `/metrics` and the client under
 * `{prefix}` and `{prefix}view-only/`. Everything except the two health
 * routes sits behind the same auth check as the WebSocket.
 */
export function registerRoutes(app: FastifyInstance, deps: RouteDeps): void {
  const { config } = deps;
  const open = new Set(['/health', `${config.prefix}probe`]);

  app.addHook('onRequest', async (request, reply) => {
    const { pathname, searchParams } = splitTarget(request.raw.url ?? '/');
    if (open.has(pathname)) return;
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
  });

  const healthHandler = async (_request: FastifyRequest, reply: FastifyReply) => {
    const health = await deps.health();
    return reply
      .code(health.ready ? 200 : 503)
      .header('cache-control', 'no-store')
      .send({ ready: health.ready, reason: health.reason });
  };
  app.get('/health', healthHandler);
  app.get(`${config.prefix}probe`, healthHandler);

  app.get('/metrics', async (_request, reply) =>
    reply
      .header('cache-control', 'no-store')
      .type('text/plain; version=0.0.4; charset=utf-8')
      .send(renderMetrics(deps.metrics, Date.now(), deps.liveGauges?.())),
  );

  if (config.prefix !== '/') {
    // A sub-path without its slash would break every relative URL of the page.
    app.get(config.prefix.slice(0, -1), async (_request, reply) => reply.redirect(config.prefix, 301));
  }
  app.get(`${config.prefix}view-only`, async (_request, reply) =>
    reply.redirect(`${config.prefix}view-only/`, 301),
  );

  app.get(`${config.prefix}*`, async (request, reply) => {
    const { pathname } = splitTarget(request.raw.url ?? '/');
    let rest = pathname.startsWith(config.prefix) ? pathname.slice(config.prefix.length) : undefined;
    let viewOnly = false;
    if (rest?.startsWith('view-only/')) {
      rest = rest.slice('view-only/'.length);
      viewOnly = true;
    }
    const key = rest === undefined ? undefined : staticKey(rest);
    const file =
      key === undefined
        ? undefined
        : viewOnly && key === 'index.html'
          ? deps.viewOnlyPage
          : deps.files.get(key);
    if (file === undefined) return reply.code(404).type('text/plain; charset=utf-8').send('not found\n');
    return sendFile(request, reply, file);
  });
}

function sendFile(request: FastifyRequest, reply: FastifyReply, file: StaticFile) {
  reply
    .headers(SECURITY_HEADERS)
    .header('cache-control', 'no-cache')
    .header('etag', file.etag)
    .header('vary', 'accept-encoding')
    .type(file.contentType);
  if (request.headers['if-none-match'] === file.etag) return reply.code(304).send();
  const acceptsGzip = /\bgzip\b/.test(String(request.headers['accept-encoding'] ?? ''));
  if (file.gzip !== undefined && acceptsGzip) return reply.header('content-encoding', 'gzip').send(file.gzip);
  return reply.send(file.body);
}
