/**
 * Pulling TigerVNC's lossless refresh at the link's pace.
 *
 * Below quality 9 TigerVNC sends every area it sent as JPEG once more,
 * losslessly, after the area stopped changing (rfb-quality.ts). Once the
 * screen is still it sends that refresh in pieces of its bandwidth estimate
 * times half a frame (2 ms of the link at Helios' 240 frames/s), one piece
 * each time it handles a message from the page, which with continuous
 * updates is mostly a fence answer, one round trip after the piece before
 * (VNCSConnectionST::writeLosslessRefresh, "FIXME: If continuous updates
 * aren't used…"). Through 100 ms of round trip that is ~20 kB/s however fast
 * the link: 1.5 kB pieces, 135 kB of refresh after a terminal flood, over
 * half a second of a screen still sharpening (issue 10's benchmark). An
 * incremental FramebufferUpdateRequest every few ms while a refresh may be
 * on its way gives TigerVNC a message to answer each time; its congestion
 * control still decides whether a piece goes, so the pull cannot flood the
 * link. Not while pictures flow, and not in answer to each message received:
 * a request then makes TigerVNC send what changed so far at once, many small
 * updates instead of one per frame (measured on the 5 Mbit/s link: three
 * times the frames drawn during a flood and twice the gateway's CPU per MiB).
 */

/** How often the page asks while pulling: the browser's shortest repeating timer. */
export const PULL_INTERVAL_MS = 4;
/** Nothing received for this long: the refresh is done (or nothing is coming). */
const SILENCE_MS = 250;
/**
 * A refresh piece is at most TigerVNC's bandwidth cap (5 MB/s) times half a
 * frame, 10 kB at 240 frames/s; a larger message is part of a picture.
 */
const PICTURE_MESSAGE_BYTES = 12_000;
/** TigerVNC refreshes an area 50 ms after its last change; pictures stopped when none came for this long. */
const PICTURES_STOPPED_MS = 60;

/** What the page knows about a refresh that may be on its way. */
export interface PullState {
  /** When a message last arrived while the page asked for lossy pictures; undefined when none is owed. */
  readonly lossyAt: number | undefined;
  /** When the last message arrived (ms). */
  readonly lastArrivalMs: number;
  /** When the last message too large to be a refresh piece arrived (ms). */
  readonly pictureAt: number;
}

export const NO_PULL: PullState = Object.freeze({
  lossyAt: undefined,
  lastArrivalMs: Number.NEGATIVE_INFINITY,
  pictureAt: Number.NEGATIVE_INFINITY,
});

/**
 * A message of `bytes` arrived at `nowMs` while the page asked for `lossy`
 * pictures (quality below 9) or not. After a quiet spell the refresh owed
 * before it was done: only a lossy message owes one again.
 */
export function onArrival(state: PullState, nowMs: number, bytes: number, lossy: boolean): PullState {
  const owed = nowMs - state.lastArrivalMs < SILENCE_MS ? state.lossyAt : undefined;
  return {
    lossyAt: lossy ? nowMs : owed,
    lastArrivalMs: nowMs,
    pictureAt: bytes > PICTURE_MESSAGE_BYTES ? nowMs : state.pictureAt,
  };
}

/** Whether a refresh may be on its way: areas were sent lossy and the stream has not gone quiet since. */
export function refreshOwed(state: PullState, nowMs: number): boolean {
  return state.lossyAt !== undefined && nowMs - state.lastArrivalMs < SILENCE_MS;
}

/** Whether to ask now: a refresh is owed and pictures stopped. */
export function shouldPull(state: PullState, nowMs: number): boolean {
  return refreshOwed(state, nowMs) && nowMs - state.pictureAt >= PICTURES_STOPPED_MS;
}

/** An incremental FramebufferUpdateRequest (RFB message 3) for the whole framebuffer. */
export function updateRequestMessage(width: number, height: number): Uint8Array {
  const message = new Uint8Array(10);
  const view = new DataView(message.buffer);
  view.setUint8(0, 3);
  view.setUint8(1, 1);
  view.setUint16(6, width);
  view.setUint16(8, height);
  return message;
}
