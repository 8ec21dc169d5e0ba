import type { OutgoingHttpHeaders } from 'node:http';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { firstValue } from '../auth.ts';
import type { AuthThrottle } from '../auth-throttle.ts';
import type { GatewayConfig } from '../config/gateway-config.ts';
import { ERROR_CODES } from '../errors.ts';
import type { GatewayMetrics } from '../metrics.ts';
import { isOriginAllowed } from '../origin-check.ts';
import { authHook } from '../plugins/auth-hook.ts';
import { splitTarget } from '../upgrade-decision.ts';
import { attachmentDisposition } from './content-disposition.ts';
import { FilesError, filesErrorFromSystem } from './file-errors.ts';
import { type FilePath, parseFilePath } from './file-path.ts';
import { decideFileAccess, type FileDirection } from './file-policy.ts';
import { openForRead, prepareUpload } from './file-root.ts';
import { sendFileBody } from './file-sender.ts';
import { listFolder } from './folder-listing.ts';
import { basicUserOf, outcomeOf, type TransferRecord } from './transfer-record.ts';
import { tooLarge, UploadAbortedError, writeUpload } from './upload-writer.ts';

/** What the file routes need. */
export interface FilesRoutesOptions {
  readonly config: GatewayConfig;
  readonly metrics: GatewayMetrics;
  readonly throttle: AuthThrottle;
}

/**
 * An upload whose client sends nothing for this long is cut off (its
 * temporary file removed). Node's whole-request limit is off while uploads
 * are allowed (gateway.ts), since a large file over a slow link takes longer.
 */
const UPLOAD_IDLE_MS = 60_000;

/** Headers on every answer: nothing served here is ever rendered or cached as a page. */
const FILES_HEADERS = Object.freeze({
  'cache-control': 'no-store',
  'x-content-type-options': 'nosniff',
  'content-security-policy': "default-src 'none'; frame-ancestors 'none'; sandbox",
});

/**
 * `GET` and `PUT {prefix}files/<path>` (docs/file-transfer.md): listings,
 * downloads streamed from disk and uploads streamed to disk, inside the file
 * root only, as the policy allows. Behind the same auth hook and brute-force
 * brake as the pages; a `PUT` from a browser must come from an allowed
 * origin. Bodies are never parsed or buffered: the upload reads the raw
 * request, so fastify's body limit does not apply and the file limit does.
 */
export async function filesRoutes(app: FastifyInstance, deps: FilesRoutesOptions): Promise<void> {
  const { config, metrics } = deps;
  const base = `${config.prefix}files/`;

  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', (_request, _payload, done) => done(null, undefined));
  app.addHook('onRequest', async (request, reply) => {
    reply.headers(FILES_HEADERS);
    if (request.method === 'GET' || request.method === 'HEAD') return;
    const allowed = isOriginAllowed(
      {
        origin: firstValue(request.headers.origin),
        host: firstValue(request.headers.host),
        forwardedHost: firstValue(request.headers['x-forwarded-host'])?.split(',')[0]?.trim(),
      },
      config.allowedOrigins,
    );
    if (!allowed) {
      request.log.info(
        { route: 'files', origin: request.headers.origin },
        'file request from a foreign origin refused',
      );
      return reply
        .code(403)
        .type('text/plain; charset=utf-8')
        .send(
          'cross-origin request refused: the page must come from this gateway (or HELIOS_ALLOWED_ORIGINS)\n',
        );
    }
  });
  app.addHook('onRequest', authHook(config, deps.throttle));
  app.setErrorHandler(async (error, _request, reply) => {
    const answer =
      error instanceof FilesError
        ? error
        : new FilesError(ERROR_CODES.FILES_IO, `the request failed: ${(error as Error).message}`, {
            status: (error as { statusCode?: number }).statusCode ?? 500,
          });
    return reply.code(answer.status).send(answer.toJSON());
  });
  // A refused upload's body (401, 403, 409, 413 …) is not read just to be thrown away: the connection ends instead.
  app.addHook('onSend', async (request, reply) => {
    if (request.method === 'PUT' && !request.raw.complete) reply.header('connection', 'close');
  });

  /** Logs and counts one transfer; who asked is read at once (an aborted socket forgets its address). */
  const recorder = (request: FastifyRequest) => {
    const client = request.socket.remoteAddress ?? 'unknown';
    const user = config.auth?.basic === undefined ? undefined : basicUserOf(request.headers.authorization);
    return (entry: Omit<TransferRecord, 'route' | 'client' | 'user'>) => {
      const line: TransferRecord = {
        route: 'files',
        ...entry,
        client,
        ...(user === undefined ? {} : { user }),
      };
      metrics.countFileTransfer(entry.direction, entry.outcome, entry.bytes);
      request.log[entry.outcome === 'ok' ? 'info' : 'warn'](line, `file ${entry.direction} ${entry.outcome}`);
    };
  };

  /** The checked path of a request, after the policy allowed its direction. */
  const pathOf = (request: FastifyRequest, direction: FileDirection): FilePath => {
    const access = decideFileAccess(config.files.policy, config.viewOnly, direction);
    if (!access.allowed) throw new FilesError(ERROR_CODES.FILES_OFF, access.message);
    const { pathname } = splitTarget(request.raw.url ?? '/');
    const parsed = parseFilePath(pathname.slice(base.length));
    if (!parsed.ok) throw new FilesError(ERROR_CODES.FILES_BAD_PATH, `bad path: ${parsed.problem}`);
    return parsed.path;
  };

  app.get(`${config.prefix}files`, async (_request, reply) => reply.redirect(base, 301));

  const download = async (request: FastifyRequest, reply: FastifyReply) => {
    const record = recorder(request);
    const counted = request.method !== 'HEAD';
    let text = pathnameText(request, base);
    try {
      const path = pathOf(request, 'download');
      text = path.text;
      const target = await openForRead(config.files.root, path);
      if (target.kind === 'folder') {
        const entries = await listFolder(target.root, target.realPath);
        return reply.type('application/json; charset=utf-8').send({ path: path.text, entries });
      }
      return sendFile(request, reply, target, (bytes, outcome) => {
        if (counted) record({ direction: 'download', path: path.text, bytes, outcome });
      });
    } catch (error) {
      const refusal = filesErrorFromSystem(error, text, 'read');
      if (counted) record({ direction: 'download', path: text, bytes: 0, outcome: outcomeOf(refusal) });
      throw refusal;
    }
  };
  // HEAD on its own route: fastify's automatic one would read the whole file to throw it away.
  app.get(`${base}*`, { exposeHeadRoute: false }, download);
  app.head(`${base}*`, download);

  app.put(`${base}*`, async (request, reply) => {
    const record = recorder(request);
    let text = pathnameText(request, base);
    let bytes = 0;
    try {
      const path = pathOf(request, 'upload');
      text = path.text;
      const declared = Number(request.headers['content-length']);
      if (Number.isFinite(declared) && declared > config.files.maxBytes) {
        throw tooLarge(config.files.maxBytes, `the upload (content-length ${declared} bytes)`);
      }
      const overwrite = splitTarget(request.raw.url ?? '/').searchParams.get('overwrite') === '1';
      const target = await prepareUpload(config.files.root, path, overwrite);
      const socket = request.raw.socket;
      const idle = () => socket.destroy();
      socket.setTimeout(UPLOAD_IDLE_MS);
      socket.on('timeout', idle);
      try {
        bytes = await writeUpload(request.raw, target, {
          maxBytes: config.files.maxBytes,
          overwrite,
          text: path.text,
        });
      } finally {
        socket.off('timeout', idle);
        socket.setTimeout(0);
      }
      record({ direction: 'upload', path: path.text, bytes, outcome: 'ok' });
      return reply.code(201).send({ path: path.text, size: bytes });
    } catch (error) {
      const refusal = filesErrorFromSystem(error, text, 'write');
      record({ direction: 'upload', path: text, bytes, outcome: outcomeOf(refusal) });
      // Nobody is left to answer.
      if (refusal instanceof UploadAbortedError) return reply.hijack();
      throw refusal;
    }
  });
}

/** Streams an opened file; `done` is told the bytes read and the outcome once the response ends. */
function sendFile(
  request: FastifyRequest,
  reply: FastifyReply,
  target: Extract<Awaited<ReturnType<typeof openForRead>>, { kind: 'file' }>,
  done: (bytes: number, outcome: string) => void,
) {
  reply
    .type('application/octet-stream')
    .header('content-disposition', attachmentDisposition(target.name))
    .header('content-length', String(target.size));
  if (request.method === 'HEAD' || target.size === 0) {
    void target.handle.close();
    done(0, 'ok');
    // No payload: fastify keeps the content-length of a HEAD answer as set.
    return reply.send(request.method === 'HEAD' ? undefined : '');
  }
  // Written by hand from pooled buffers (file-sender.ts), so fastify lets go of the response.
  const headers = reply.getHeaders();
  reply.hijack();
  reply.raw.writeHead(200, headers as OutgoingHttpHeaders);
  void sendFileBody(target.handle, target.size, reply.raw)
    .then(
      ({ bytes, finished }) => done(bytes, finished ? 'ok' : 'aborted'),
      (error: unknown) => {
        request.log.warn({ err: String(error) }, 'download failed while reading');
        reply.raw.destroy();
        done(0, 'error');
      },
    )
    .finally(() => target.handle.close().catch(() => {}));
  return reply;
}

/** The raw path after `{prefix}files/`, for logging a request refused before its path was read. */
function pathnameText(request: FastifyRequest, base: string): string {
  return splitTarget(request.raw.url ?? '/')
    .pathname.slice(base.length)
    .slice(0, 200);
}
