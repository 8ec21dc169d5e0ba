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
 * times the frames drawn during a flood and twice the gateway's CPU per MiB,
 * while a message's size alone told pictures from pieces).
 */

/** How often the page asks while pulling: the browser's shortest repeating timer. */
export const PULL_INTERVAL_MS = 4;
/** Nothing received for this long: the refresh is done (or nothing is coming). */
const SILENCE_MS = 250;
/**
 * Pictures flow while at least this many bytes arrived in the last
 * {@link PICTURE_WINDOW_MS} (200 kB/s): a flood or motion at 6 fills a 5
 * Mbit/s link at 400–600 kB/s, a refresh left to itself trickles at ~20 kB/s.
 * A pulled refresh that reaches this rate pauses the pull until it falls
 * back, so pulling never runs beside pictures; it is then about ten times
 * faster than the trickle (measured: ~190 kB/s).
 */
const PICTURE_WINDOW_BYTES = 12_000;
const PICTURE_WINDOW_MS = 60;

/** One message received: when (ms) and its size. */
interface Arrival {
  readonly atMs: number;
  readonly bytes: number;
}

/** What the page knows about a refresh that may be on its way. */
export interface PullState {
  /** When a message last arrived while the page asked for lossy pictures; undefined when none is owed. */
  readonly lossyAt: number | undefined;
  /** When the last message arrived (ms). */
  readonly lastArrivalMs: number;
  /** The messages of the last {@link PICTURE_WINDOW_MS}. */
  readonly recent: readonly Arrival[];
}

export const NO_PULL: PullState = Object.freeze({
  lossyAt: undefined,
  lastArrivalMs: Number.NEGATIVE_INFINITY,
  recent: [],
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
    recent: [...state.recent.filter((a) => nowMs - a.atMs < PICTURE_WINDOW_MS), { atMs: nowMs, bytes }],
  };
}

/** Whether a refresh may be on its way: areas were sent lossy and the stream has not gone quiet since. */
export function refreshOwed(state: PullState, nowMs: number): boolean {
  return state.lossyAt !== undefined && nowMs - state.lastArrivalMs < SILENCE_MS;
}

/** Whether to ask now: a refresh is owed and no pictures flow. */
export function shouldPull(state: PullState, nowMs: number): boolean {
  const windowBytes = state.recent.reduce(
    (sum, a) => (nowMs - a.atMs < PICTURE_WINDOW_MS ? sum + a.bytes : sum),
    0,
  );
  return refreshOwed(state, nowMs) && windowBytes < PICTURE_WINDOW_BYTES;
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
