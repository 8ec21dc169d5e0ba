/**
 * The JPEG quality the page asks TigerVNC for (noVNC's `qualityLevel`, 0–9).
 *
 * Below 9, TigerVNC sends every area it encoded as JPEG a second time,
 * losslessly, 50 ms after the area stopped changing (its lossless refresh;
 * at 9 its JPEG counts as lossless, so nothing is sent twice). After a
 * terminal flood that second pass was most of the screen's drain: 165 ms at
 * noVNC's default 6, 54 ms at 9 (issue 10's benchmark). Full-screen motion
 * at 9 costs twice the bytes for half the frames, so while the page receives
 * motion it asks for 6, and 9 again once the screen is still. `?quality=0..9`
 * fixes the level instead, as in noVNC's own page.
 */

/** Text and still screens: lossless to TigerVNC, no refresh pass. */
export const SHARP_QUALITY = 9;
/** Motion: noVNC's default, half the bytes of {@link SHARP_QUALITY} for photo-like pictures. */
export const MOTION_QUALITY = 6;

/**
 * Measured at 1280×800 on loopback at quality 9: full-screen motion about
 * 18 bytes per screen pixel a second (about 8.5 at quality 6), a terminal flood
 * 0.7 (bookworm's VTE, ~10 pictures a second) to about 2.5 (trixie's, ~30),
 * typing far less. Per pixel, so a HiDPI screen's flood stays sharp. Through a
 * 5 Mbit/s link a flood at 9 fills the link (a standing queue that every typed
 * key waits behind), so a queue counts like motion.
 */
const QUALITY_THRESHOLDS = Object.freeze({
  /** Received bytes per second per framebuffer pixel that count as motion at 9… */
  enterBytesPerPixel: 5,
  /** …in one sample: the first half second of motion is already twice as heavy at 9. */
  enterSamples: 1,
  /** At 6 the same motion costs half: it counts as moving down to this rate. */
  stayBytesPerPixel: 2,
  /** A probe this much slower than the fastest one means the path holds a standing queue… */
  queueMs: 50,
  /** …in this many samples in a row (a slow probe or two may be a lost segment or a busy page). */
  queueSamples: 3,
  /** After a queue, sharp again only below this share of the rate that built it. */
  queuedRateShare: 0.25,
  /**
   * A path that filled up once is remembered: sharp pictures arriving at this
   * share of the rate that filled it count as a queue at once, without waiting
   * three probes behind a queue that is building again (the next flood on a
   * 5 Mbit/s link would otherwise start with a second of queue every time)…
   */
  knownPathShare: 0.8,
  /** …for this many samples (a minute) after it was measured: networks change. */
  knownPathSamples: 120,
  /** Still for this many samples in a row (2 s) before the page asks for sharp pictures again. */
  leaveSamples: 4,
});

/** Where the level comes from: `?quality=N`, or adapted to the screen. */
export type QualityChoice =
  | { readonly kind: 'fixed'; readonly level: number }
  | { readonly kind: 'adaptive'; readonly problem?: string };

/** Reads `?quality=`: an integer 0–9 fixes the level; anything else adapts (with a problem to show). */
export function parseQualityQuery(query: string | null): QualityChoice {
  if (query === null || query === '' || query === 'auto') return { kind: 'adaptive' };
  if (/^[0-9]$/.test(query)) return { kind: 'fixed', level: Number(query) };
  return {
    kind: 'adaptive',
    problem: `?quality=${query} is not a JPEG quality: use 0 (smallest) to 9 (sharpest), or leave it out to adapt to the screen`,
  };
}

/** What the page received in one sample period. */
export interface QualitySample {
  /** Bytes that arrived on the RFB socket, per second. */
  readonly bytesPerSecond: number;
  /** Pixels of the framebuffer (0 before the first one). */
  readonly pixels: number;
  /**
   * How much longer than the fastest probe so far the last answered probe of
   * the gateway took (ms): the path's standing queue. Undefined without a probe.
   */
  readonly queueMs?: number;
  /**
   * Without an answer: how long the probe still on its way has waited beyond
   * the fastest answer (ms), a lower bound of the queue. Behind a queue of
   * seconds (full-screen motion at 9 through a 5 Mbit/s link) no answer
   * comes for several samples.
   */
  readonly probeWaitingMs?: number;
}

/** State carried from one sample to the next. */
export interface QualityState {
  readonly level: number;
  /** Consecutive samples that argued for the other level. */
  readonly streak: number;
  /** Consecutive samples that saw a standing queue, while sharp. */
  readonly queued: number;
  /** Bytes per second when a standing queue made the page leave sharp pictures. */
  readonly queuedAt?: number;
  /** The rate that last filled the path (bytes per second), kept across levels… */
  readonly pathFullAt?: number;
  /** …and the samples since it did. */
  readonly pathSamples?: number;
}

/** The state a page starts with: sharp, as a new desktop is still. */
export function startQuality(): QualityState {
  return { level: SHARP_QUALITY, streak: 0, queued: 0 };
}

/**
 * Whether the page should probe the path now: every sample while sharp
 * pictures flow (a queue builds in a second), and every
 * {@link IDLE_PROBE_SAMPLES} otherwise, so the fastest answer is one of a
 * still path.
 */
export function wantsProbe(state: QualityState, sample: QualitySample, samplesSinceProbe: number): boolean {
  const flowing = state.level === SHARP_QUALITY && sample.bytesPerSecond >= PROBE_MIN_BYTES_PER_SECOND;
  return flowing || samplesSinceProbe >= IDLE_PROBE_SAMPLES;
}

/** Below this rate nothing much is queued (typing costs a few kB/s). */
const PROBE_MIN_BYTES_PER_SECOND = 100_000;
/** Samples between probes otherwise (5 s): a HEAD request's few hundred bytes. */
const IDLE_PROBE_SAMPLES = 10;

/** The state after one sample: the same level, or the other one with fresh counts. */
export function nextQuality(state: QualityState, sample: QualitySample): QualityState {
  const t = QUALITY_THRESHOLDS;
  const sharp = state.level === SHARP_QUALITY;
  const perPixel = sharp ? t.enterBytesPerPixel : t.stayBytesPerPixel;
  const moving = sample.pixels > 0 && sample.bytesPerSecond >= perPixel * sample.pixels;
  const pathSamples = (state.pathSamples ?? 0) + 1;
  const path =
    state.pathFullAt !== undefined && pathSamples <= t.knownPathSamples
      ? { pathFullAt: state.pathFullAt, pathSamples }
      : {};
  if (sharp) {
    // A probe still waiting counts once it has waited past the threshold; until then it leaves the count.
    const queued =
      sample.queueMs !== undefined
        ? sample.queueMs >= t.queueMs
          ? state.queued + 1
          : 0
        : (sample.probeWaitingMs ?? 0) >= t.queueMs
          ? state.queued + 1
          : state.queued;
    const filling =
      path.pathFullAt !== undefined && sample.bytesPerSecond >= t.knownPathShare * path.pathFullAt;
    if (queued >= t.queueSamples || filling) {
      const full = filling ? (path.pathFullAt as number) : sample.bytesPerSecond;
      return {
        level: MOTION_QUALITY,
        streak: 0,
        queued: 0,
        queuedAt: full,
        pathFullAt: full,
        pathSamples: 0,
      };
    }
    const streak = moving ? state.streak + 1 : 0;
    return streak >= t.enterSamples
      ? { level: MOTION_QUALITY, streak: 0, queued: 0, ...path }
      : { level: state.level, streak, queued, ...path };
  }
  const calm =
    !moving && (state.queuedAt === undefined || sample.bytesPerSecond < t.queuedRateShare * state.queuedAt);
  const streak = calm ? state.streak + 1 : 0;
  return streak >= t.leaveSamples
    ? { ...startQuality(), ...path }
    : { level: state.level, streak, queued: state.queued, queuedAt: state.queuedAt, ...path };
}

/**
 * How long a probe's answer can stand as the path's fastest. Without an end,
 * a path that became slower for good (another route, a laptop on another
 * network, the connection still up) would look queued for ever and every
 * flood would get {@link MOTION_QUALITY}. A still path is probed every 5 s,
 * so a minute holds a dozen answers; a queue is judged within 1.5 s.
 */
export const FASTEST_ANSWER_WINDOW_MS = 60_000;

/** One answered probe: when it came and how long it took (ms). */
export interface ProbeAnswer {
  readonly atMs: number;
  readonly ms: number;
}

/**
 * The answers that can still be the fastest of the window once `answer`
 * came, fastest first (a sliding minimum: an answer slower than a later one
 * can never be the fastest again, so it is dropped with the old ones).
 */
export function keepFastest(kept: readonly ProbeAnswer[], answer: ProbeAnswer): ProbeAnswer[] {
  const windowStart = answer.atMs - FASTEST_ANSWER_WINDOW_MS;
  return [...kept.filter((a) => a.atMs > windowStart && a.ms < answer.ms), answer];
}

/** Why the page asks for its level now: sharp pictures, or which signal lowered it. */
export function qualityReason(state: QualityState): 'sharp' | 'motion' | 'queue' {
  if (state.level === SHARP_QUALITY) return 'sharp';
  return state.queuedAt === undefined ? 'motion' : 'queue';
}
