import type { RawData, WebSocket } from 'ws';
import { AUDIO_FORMAT, decodeFrame, FRAME_KIND, MAX_FRAME_BYTES } from '../../shared/audio-framing.ts';
import { parseClientMessage, type ServerMessage } from '../../shared/audio-messages.ts';
import { startHeartbeat } from '../websocket-heartbeat.ts';
import { AudioMessageError } from './audio-errors.ts';
import type { AudioLog } from './audio-log.ts';
import type { DesktopCapture } from './desktop-capture.ts';
import type { MicChannel } from './mic-channel.ts';

/** What one `{prefix}audio` connection works with. */
export interface AudioSessionContext {
  readonly capture: DesktopCapture<WebSocket>;
  readonly mic: MicChannel<WebSocket>;
  /** View-only connections may listen but never talk into the desktop. */
  readonly viewOnly: boolean;
  /** Ping period; a peer that misses two is dropped. `0` = off. */
  readonly heartbeatMs: number;
  readonly log: AudioLog;
}

/** What a finished session reports. */
export interface AudioSessionSummary {
  readonly framesSent: number;
  readonly framesDropped: number;
  readonly micFrames: number;
  readonly closeCode: number;
}

/** Sends one JSON control message, if the socket is still open. */
export function sendControl(ws: WebSocket, message: ServerMessage): void {
  if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(message));
}

/**
 * Runs one audio connection: listening starts at once (the browser opened
 * the socket to hear something), the microphone only on request. Nothing
 * here counts as user activity for idle hooks: a desktop playing music to
 * an absent user is still idle.
 */
export function runAudioSession(ws: WebSocket, context: AudioSessionContext): Promise<AudioSessionSummary> {
  const { capture, mic, log } = context;
  let micFrames = 0;

  sendControl(ws, { type: 'hello', mic: !context.viewOnly, ...AUDIO_FORMAT });
  capture.add(ws);
  sendControl(ws, { type: 'capture', state: capture.state === 'running' ? 'running' : 'stopped' });

  const refuse = (code: 1003 | 1009, error: AudioMessageError) => {
    log.info({ code: error.code, err: error.message }, 'audio: closing connection');
    ws.close(code, code === 1009 ? 'message too big' : 'not an audio message');
  };

  ws.on('message', (data: RawData, isBinary: boolean) => {
    const bytes = toBytes(data);
    if (isBinary) {
      if (bytes.length > MAX_FRAME_BYTES) {
        refuse(1009, new AudioMessageError('binary message too big', `${bytes.length} bytes`));
        return;
      }
      const frame = decodeFrame(bytes);
      if ('problem' in frame || frame.kind !== FRAME_KIND.mic) {
        refuse(
          1003,
          new AudioMessageError(
            'expected a microphone frame',
            'problem' in frame ? frame.problem : 'a desktop frame',
          ),
        );
        return;
      }
      if (context.viewOnly) return;
      micFrames++;
      mic.write(ws, frame.payload);
      return;
    }
    const message = parseClientMessage(Buffer.from(bytes).toString('utf8'));
    if ('problem' in message) {
      refuse(1003, new AudioMessageError(message.problem, Buffer.from(bytes).toString('utf8')));
      return;
    }
    if (message.type === 'listen') {
      if (message.enabled) capture.add(ws);
      else capture.remove(ws);
      return;
    }
    if (!message.enabled) {
      mic.release(ws);
      sendControl(ws, { type: 'mic', state: 'off' });
    } else if (context.viewOnly) {
      sendControl(ws, { type: 'mic', state: 'denied', reason: 'view-only' });
    } else {
      void mic.claim(ws).then((state) => sendControl(ws, { type: 'mic', state }));
    }
  });

  const stopHeartbeat = startHeartbeat(ws, context.heartbeatMs);

  return new Promise((resolve) => {
    ws.on('error', () => ws.terminate());
    ws.once('close', (closeCode: number) => {
      stopHeartbeat();
      const stats = capture.listenerStats(ws);
      capture.remove(ws);
      mic.release(ws);
      resolve({
        framesSent: stats?.sent ?? 0,
        framesDropped: stats?.dropped ?? 0,
        micFrames,
        closeCode,
      });
    });
  });
}

function toBytes(data: RawData): Uint8Array {
  if (Array.isArray(data)) return Buffer.concat(data);
  return data instanceof ArrayBuffer ? new Uint8Array(data) : data;
}
