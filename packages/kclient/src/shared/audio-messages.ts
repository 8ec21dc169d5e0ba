import { z } from 'zod';
import type { AUDIO_FORMAT } from './audio-framing.ts';

/**
 * The text (JSON) messages of `{prefix}audio`. Browser messages are parsed
 * with zod here; the gateway's own messages are typed for the client.
 */

/** Browser -> gateway. */
const clientMessageSchema = z.discriminatedUnion('type', [
  /** Start or stop receiving desktop audio (on by default when the socket opens). */
  z.strictObject({ type: z.literal('listen'), enabled: z.boolean() }),
  /** Ask for, or give back, the one microphone slot. */
  z.strictObject({ type: z.literal('mic'), enabled: z.boolean() }),
]);

/** A parsed browser message. */
export type ClientMessage = z.infer<typeof clientMessageSchema>;

/** State of a connection's microphone, as the gateway reports it. */
export type MicState = 'off' | 'on' | 'busy' | 'denied' | 'failed';

/** Gateway -> browser. */
export type ServerMessage =
  | ({ readonly type: 'hello'; readonly mic: boolean } & typeof AUDIO_FORMAT)
  | { readonly type: 'mic'; readonly state: MicState; readonly reason?: string }
  | { readonly type: 'capture'; readonly state: 'running' | 'stopped' | 'failed'; readonly reason?: string };

/** Longest text message a browser may send; anything longer is not ours. */
const MAX_CLIENT_TEXT_BYTES = 256;

/** Parses one text message from a browser, or says what is wrong with it. */
export function parseClientMessage(text: string): ClientMessage | { readonly problem: string } {
  if (text.length > MAX_CLIENT_TEXT_BYTES) {
    return {
      problem: `text message of ${text.length} characters (expected at most ${MAX_CLIENT_TEXT_BYTES})`,
    };
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { problem: 'text message is not JSON' };
  }
  const result = clientMessageSchema.safeParse(json);
  if (!result.success) {
    return {
      problem: `expected {"type":"listen"|"mic","enabled":true|false}: ${result.error.issues[0]?.message ?? 'invalid'}`,
    };
  }
  return result.data;
}
