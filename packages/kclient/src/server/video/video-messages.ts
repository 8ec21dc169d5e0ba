import { z } from 'zod';

/**
 * The text (JSON) messages of `{prefix}video` (docs/video-transport.md §2).
 * Page messages are checked here with zod; the gateway's own are typed.
 * Frames travel as binary messages, written by `encoder-framing.ts`.
 */

/** Longest text message a page may send, in bytes. */
const MAX_PAGE_MESSAGE_BYTES = 1024;

const count = z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER);

/** Page -> gateway. */
const pageMessageSchema = z.discriminatedUnion('type', [
  /** The decoder lost its state and needs a keyframe. */
  z.strictObject({ type: z.literal('keyframe') }),
  /** Sent every 500 ms: cumulative bytes received, for rate control. */
  z.strictObject({
    type: z.literal('report'),
    receivedBytes: count,
    decodedFrames: count,
    decodeQueue: count,
  }),
]);

/** A parsed page message. */
export type PageMessage = z.infer<typeof pageMessageSchema>;

/** State of the screen's encoder, as pages are told. */
export type VideoStatusState = 'starting' | 'running' | 'restarting' | 'unavailable';

/** Gateway -> page, text. */
interface VideoStatusMessage {
  readonly type: 'status';
  readonly state: VideoStatusState;
  readonly reason?: string;
}

/** The JSON text of a status message. */
export function statusMessage(state: VideoStatusState, reason?: string): string {
  const message: VideoStatusMessage =
    reason === undefined ? { type: 'status', state } : { type: 'status', state, reason };
  return JSON.stringify(message);
}

/** Parses one text message from a page, or says what is wrong with it. */
export function parsePageMessage(text: string): PageMessage | { readonly problem: string } {
  const bytes = Buffer.byteLength(text);
  if (bytes > MAX_PAGE_MESSAGE_BYTES) {
    return { problem: `text message of ${bytes} bytes (expected at most ${MAX_PAGE_MESSAGE_BYTES})` };
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { problem: 'text message is not JSON' };
  }
  const result = pageMessageSchema.safeParse(json);
  if (!result.success) {
    const issue = result.error.issues[0];
    const where = issue?.path.length ? `${issue.path.join('.')}: ` : '';
    return {
      problem: `expected {"type":"keyframe"} or {"type":"report","receivedBytes":N,"decodedFrames":N,"decodeQueue":N}: ${where}${issue?.message ?? 'invalid'}`,
    };
  }
  return result.data;
}

/**
 * Counts a socket's messages over a sliding second: more than `limit` in any
 * 1000 ms is a flood (a page sends about 2 reports a second).
 */
export class MessageRate {
  readonly #limit: number;
  readonly #times: number[] = [];

  /** @param limit Messages allowed in any one second. @default 50 */
  constructor(limit = 50) {
    this.#limit = limit;
  }

  /** Notes one message at `now` (ms); false when it is one too many. */
  allow(now: number): boolean {
    const times = this.#times;
    while (times.length > 0 && now - (times[0] as number) >= 1000) times.shift();
    if (times.length >= this.#limit) return false;
    times.push(now);
    return true;
  }
}
