/**
 * `?mode=auto`: which transport shows the screen, decided every half second
 * (the page's RFB sampler, rfb-rate.ts) from what the page just received.
 * RFB paints a small change (a typed character) in under a millisecond where
 * a video frame costs a whole encoded picture and a canvas draw (issue 11's
 * keypaint figures), so auto stays on RFB until the screen really moves, and
 * goes back once it stops.
 */

/** Which pixels the page shows. */
type Transport = 'rfb' | 'video';

/** What the page received in one sample period. */
export interface MotionSample {
  /** Bytes that arrived on the RFB socket, per second. */
  readonly rfbBytesPerSecond: number;
  /** Video frames decoded, per second. */
  readonly videoFramesPerSecond: number;
}

/** State carried from one sample to the next. */
export interface AutoState {
  readonly transport: Transport;
  /** Consecutive samples that argued for the other transport. */
  readonly streak: number;
  /** When the current transport began (ms). */
  readonly sinceMs: number;
}

/**
 * The thresholds, from issue 11's measurements at 1280×800 on loopback: full-screen
 * motion costs RFB about 5 MB/s (typing a few kB/s, a terminal flood about 0.5 MB/s,
 * which RFB shows sharper and drains well); typing shows as at most ~10 video frames a
 * second, motion as the source's 24–60.
 */
const AUTO_THRESHOLDS = Object.freeze({
  /** RFB bytes per second that count as motion… */
  enterBytesPerSecond: 1_000_000,
  /** …for this many samples in a row (1 s) before video starts. */
  enterSamples: 2,
  /** Below this many video frames a second the screen is still (or only typed into)… */
  leaveFramesPerSecond: 12,
  /** …for this many samples in a row (2 s) before RFB takes over again. */
  leaveSamples: 4,
  /** Video stays at least this long once started: the encoder's start is not free. */
  minVideoMs: 3_000,
});

/** The state a page in auto mode starts with. */
export function startAuto(nowMs: number): AutoState {
  return { transport: 'rfb', streak: 0, sinceMs: nowMs };
}

/** The state after one sample: the same transport, or the other one with a fresh streak. */
export function nextAuto(state: AutoState, sample: MotionSample, nowMs: number): AutoState {
  const t = AUTO_THRESHOLDS;
  if (state.transport === 'rfb') {
    const moving = sample.rfbBytesPerSecond >= t.enterBytesPerSecond;
    const streak = moving ? state.streak + 1 : 0;
    return streak >= t.enterSamples
      ? { transport: 'video', streak: 0, sinceMs: nowMs }
      : { ...state, streak };
  }
  const still = sample.videoFramesPerSecond < t.leaveFramesPerSecond;
  const streak = still ? state.streak + 1 : 0;
  return streak >= t.leaveSamples && nowMs - state.sinceMs >= t.minVideoMs
    ? { transport: 'rfb', streak: 0, sinceMs: nowMs }
    : { ...state, streak };
}
