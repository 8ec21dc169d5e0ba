import type { RawData, WebSocket } from 'ws';
import { startHeartbeat } from '../websocket-heartbeat.ts';
import { VideoMessageError } from './video-errors.ts';
import type { ViewerStats } from './video-fanout.ts';
import { MessageRate, type PageMessage, parsePageMessage } from './video-messages.ts';

/** The slice of the gateway's (pino) logger the video path uses; tests pass a fake. */
export interface VideoLog {
  info(fields: object, message: string): void;
  warn(fields: object, message: string): void;
}

/** What one `{prefix}video` connection works with. */
export interface VideoSessionContext {
  /** Ping period; a peer that misses two is dropped. `0` = off. */
  readonly heartbeatMs: number;
  /** Adds the socket to the screen's viewers (and tells it the encoder's state). */
  join(): void;
  /** Takes it out again; returns what it was sent. */
  leave(): ViewerStats | undefined;
  /** A valid page message. */
  onMessage(message: PageMessage): void;
  readonly log: VideoLog;
}

/** What a finished session reports. */
export interface VideoSessionSummary {
  readonly frames: number;
  readonly dropped: number;
  readonly bytes: number;
  readonly closeCode: number;
}

/**
 * Runs one video connection. The page only ever sends small JSON messages;
 * anything else (binary, not JSON, not the schema, over 1 KiB, more than 50
 * a second) is a broken or hostile page: its socket alone is closed with
 * 1008 and leaves the viewers at once. Nothing here counts as user activity.
 */
export function runVideoSession(ws: WebSocket, context: VideoSessionContext): Promise<VideoSessionSummary> {
  const { log } = context;
  const rate = new MessageRate();
  let refused = false;
  let stats: ViewerStats | undefined;

  const leave = () => {
    stats ??= context.leave();
  };

  const refuse = (error: VideoMessageError) => {
    refused = true;
    log.info({ code: error.code, err: error.message }, 'video: closing connection');
    leave();
    ws.close(1008, 'not a video message');
  };

  context.join();

  ws.on('message', (data: RawData, isBinary: boolean) => {
    if (refused) return;
    if (!rate.allow(Date.now())) {
      refuse(new VideoMessageError('more than 50 messages a second', 'a flood'));
      return;
    }
    const bytes = toBuffer(data);
    if (isBinary) {
      refuse(new VideoMessageError('expected a JSON text message', `${bytes.length} binary bytes`));
      return;
    }
    const text = bytes.toString('utf8');
    const message = parsePageMessage(text);
    if ('problem' in message) {
      refuse(new VideoMessageError(message.problem, text));
      return;
    }
    context.onMessage(message);
  });

  const stopHeartbeat = startHeartbeat(ws, context.heartbeatMs);

  return new Promise((resolve) => {
    ws.on('error', () => ws.terminate());
    ws.once('close', (closeCode: number) => {
      stopHeartbeat();
      leave();
      resolve({
        frames: stats?.frames ?? 0,
        dropped: stats?.dropped ?? 0,
        bytes: stats?.bytes ?? 0,
        closeCode,
      });
    });
  });
}

function toBuffer(data: RawData): Buffer {
  if (Array.isArray(data)) return Buffer.concat(data);
  return data instanceof ArrayBuffer ? Buffer.from(data) : data;
}
