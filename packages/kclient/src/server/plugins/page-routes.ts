import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AuthThrottle } from '../auth-throttle.ts';
import type { ClientPages } from '../client-pages.ts';
import type { GatewayConfig } from '../config/gateway-config.ts';
import { type StaticFile, type StaticFiles, staticKey } from '../static-files.ts';
import { splitTarget } from '../upgrade-decision.ts';
import { authHook } from './auth-hook.ts';

/** What the page routes serve. */
export interface PageRoutesOptions {
  readonly config: GatewayConfig;
  /** The client's assets (its `index.html` is served from `pages`). */
  readonly files: StaticFiles;
  /** `index.html` rendered for `{prefix}` and `{prefix}view-only/`, as they are now. */
  readonly pages: ClientPages;
  readonly throttle: AuthThrottle;
}

/**
 * Headers on every page and asset. The CSP allows only what the client does:
 * its own scripts, styles and WebSockets; noVNC's decoded JPEG tiles arrive as
 * `data:` images; the Opus fallback compiles WebAssembly. Who may frame the
 * page is the operator's choice (HELIOS_FRAME_ANCESTORS).
 */
function securityHeaders(frameAncestors: string): Readonly<Record<string, string>> {
  return Object.freeze({
    'content-security-policy': [
      "default-src 'self'",
      "script-src 'self' 'wasm-unsafe-eval'",
      "style-src 'self'",
      "img-src 'self' data: blob:",
      "connect-src 'self'",
      "media-src 'self' blob:",
      "object-src 'none'",
      "base-uri 'none'",
      "form-action 'none'",
      `frame-ancestors ${frameAncestors}`,
    ].join('; '),
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
    'cross-origin-opener-policy': 'same-origin',
  });
}

/**
 * The browser client under `{prefix}` and `{prefix}view-only/`, behind the
 * same auth check as the WebSockets. Files are looked up by name in what was
 * loaded at start, so no request path reaches the disk.
 */
export async function pageRoutes(app: FastifyInstance, deps: PageRoutesOptions): Promise<void> {
  const { config } = deps;
  const headers = securityHeaders(config.frameAncestors);
  app.addHook('onRequest', authHook(config, deps.throttle));
  // Every answer of this plugin carries them, a 401 or a 404 too.
  app.addHook('onSend', async (_request, reply) => {
    reply.headers(headers);
  });

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
        : key === 'index.html'
          ? viewOnly
            ? deps.pages.viewOnly
            : deps.pages.main
          : deps.files.get(key);
    if (file === undefined) return reply.code(404).type('text/plain; charset=utf-8').send('not found\n');
    return sendFile(request, reply, file);
  });
}

function sendFile(request: FastifyRequest, reply: FastifyReply, file: StaticFile) {
  reply
    .header('cache-control', 'no-cache')
    .header('etag', file.etag)
    .header('vary', 'accept-encoding')
    .type(file.contentType);
  if (request.headers['if-none-match'] === file.etag) return reply.code(304).send();
  const acceptsGzip = /\bgzip\b/.test(String(request.headers['accept-encoding'] ?? ''));
  if (file.gzip !== undefined && acceptsGzip) return reply.header('content-encoding', 'gzip').send(file.gzip);
  return reply.send(file.body);
}
