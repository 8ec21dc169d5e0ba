import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AuthThrottle } from '../auth-throttle.ts';
import type { GatewayConfig } from '../config/gateway-config.ts';
import type { Health } from '../health.ts';
import { type GatewayMetrics, type LiveGauges, renderMetrics } from '../metrics.ts';
import { authHook } from './auth-hook.ts';

/** What the health and metrics routes read. */
export interface HealthRoutesOptions {
  readonly config: GatewayConfig;
  readonly health: () => Promise<Health>;
}

/**
 * `/health` and `{prefix}probe`: 200 when ready, 503 otherwise. Never behind
 * auth, so orchestrators can probe a protected desktop.
 */
export async function healthRoutes(app: FastifyInstance, options: HealthRoutesOptions): Promise<void> {
  const handler = async (_request: FastifyRequest, reply: FastifyReply) => {
    const health = await options.health();
    return reply
      .code(health.ready ? 200 : 503)
      .header('cache-control', 'no-store')
      .send({ ready: health.ready, reason: health.reason });
  };
  app.get('/health', handler);
  app.get(`${options.config.prefix}probe`, handler);
}

/** What `/metrics` reports. */
export interface MetricsRouteOptions {
  readonly config: GatewayConfig;
  readonly metrics: GatewayMetrics;
  readonly throttle: AuthThrottle;
  /** Gauges of other services (audio) read when /metrics is scraped. */
  readonly liveGauges?: () => LiveGauges;
}

/** `/metrics` in the Prometheus text format, behind the same auth as the pages. */
export async function metricsRoute(app: FastifyInstance, options: MetricsRouteOptions): Promise<void> {
  app.addHook('onRequest', authHook(options.config, options.throttle));
  app.get('/metrics', async (_request, reply) =>
    reply
      .header('cache-control', 'no-store')
      .type('text/plain; version=0.0.4; charset=utf-8')
      .send(renderMetrics(options.metrics, Date.now(), options.liveGauges?.())),
  );
}
