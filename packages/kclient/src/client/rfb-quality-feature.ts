import type RFB from '@novnc/novnc';
import { RefreshPuller } from './refresh-pull-feature.ts';
import {
  keepFastest,
  nextQuality,
  type ProbeAnswer,
  parseQualityQuery,
  type QualityChoice,
  type QualityState,
  qualityReason,
  SHARP_QUALITY,
  startQuality,
  wantsProbe,
} from './rfb-quality.ts';
import type { RfbRateMeter } from './rfb-rate.ts';

/** What the page's hook shows of the quality (tests read it). */
export interface QualityHook {
  /** `fixed` by `?quality=`, or `adaptive`. */
  readonly kind: QualityChoice['kind'];
  /** The level the page asks for now. */
  readonly level: number;
  /** Why: `fixed` by the URL, `sharp` (text, still), or the signal that lowered it (`motion`, `queue`). */
  readonly reason: 'fixed' | ReturnType<typeof qualityReason>;
}

/**
 * Keeps the RFB connection's JPEG quality where rfb-quality.ts says: reads
 * each sample of the bytes the RFB socket received and sets noVNC's
 * `qualityLevel`, which noVNC sends to the server at once (a SetEncodings message).
 */
export function mountRfbQuality(options: {
  readonly pageHref: string;
  /** Pixels of the framebuffer the current connection draws (noVNC's canvas). */
  readonly framebufferPixels: () => number;
  /** What the RFB socket receives. */
  readonly rfbRate: RfbRateMeter;
}): {
  readonly hook: QualityHook;
  /** Applies the level to each new RFB object. */
  attach(rfb: RFB): void;
} {
  const choice = parseQualityQuery(new URL(options.pageHref).searchParams.get('quality'));
  if (choice.kind === 'adaptive' && choice.problem !== undefined) console.warn(`[helios] ${choice.problem}`);
  let state: QualityState =
    choice.kind === 'fixed' ? { ...startQuality(), level: choice.level } : startQuality();
  let rfb: RFB | undefined;

  if (choice.kind === 'adaptive') {
    const probe = new PathProbe(new URL('style.css', options.pageHref).href);
    let samplesSinceProbe = 0;
    options.rfbRate.onSample((bytesPerSecond) => {
      const sample = {
        bytesPerSecond,
        pixels: options.framebufferPixels(),
        queueMs: probe.takeQueueMs(),
        probeWaitingMs: probe.waitingMs(),
      };
      samplesSinceProbe++;
      if (wantsProbe(state, sample, samplesSinceProbe) && probe.start()) samplesSinceProbe = 0;
      const next = nextQuality(state, sample);
      if (next.level !== state.level && rfb !== undefined) rfb.qualityLevel = next.level;
      state = next;
    });
    // The fastest answer of a still path: what a queue is measured against.
    probe.start();
  }
  const puller = new RefreshPuller(() => rfb);
  options.rfbRate.onMessage((bytes) => puller.received(bytes, state.level < SHARP_QUALITY));

  return {
    hook: {
      kind: choice.kind,
      get level() {
        return state.level;
      },
      get reason() {
        return choice.kind === 'fixed' ? 'fixed' : qualityReason(state);
      },
    },
    attach(next) {
      rfb = next;
      rfb.qualityLevel = state.level;
    },
  };
}

/**
 * Times a HEAD request for a small file of the page's own: through a full
 * bottleneck its answer waits behind the queued picture, so the time above
 * the fastest recent answer is the standing queue. One request at a time.
 */
class PathProbe {
  readonly #url: string;
  /** The answers that may still be the fastest, fastest first (keepFastest). */
  #fastest: ProbeAnswer[] = [];
  /** When the probe on its way was sent; undefined when none is. */
  #sentAt: number | undefined;
  #lastMs: number | undefined;

  constructor(url: string) {
    this.#url = url;
  }

  /** Sends a probe unless one is on its way; says whether it sent one. */
  start(): boolean {
    if (this.#sentAt !== undefined) return false;
    const started = performance.now();
    this.#sentAt = started;
    fetch(this.#url, { method: 'HEAD', cache: 'no-store' })
      .then(async (response) => {
        const ms = performance.now() - started;
        // A response left unread is cancelled by the browser (a failed request in its log).
        await response.arrayBuffer();
        if (!response.ok) return;
        this.#fastest = keepFastest(this.#fastest, { atMs: performance.now(), ms });
        this.#lastMs = ms;
      })
      // A failed probe says nothing about the queue; the connection's own state shows the failure.
      .catch(() => {})
      .finally(() => {
        this.#sentAt = undefined;
      });
    return true;
  }

  /** The last answer's time above the fastest recent one (ms), once; undefined when none came since. */
  takeQueueMs(): number | undefined {
    const last = this.#lastMs;
    const fastest = this.#fastest[0];
    this.#lastMs = undefined;
    return last === undefined || fastest === undefined ? undefined : last - fastest.ms;
  }

  /** How long the probe on its way has waited beyond the fastest recent answer (ms); undefined when none is. */
  waitingMs(): number | undefined {
    const fastest = this.#fastest[0];
    if (this.#sentAt === undefined || fastest === undefined) return undefined;
    return performance.now() - this.#sentAt - fastest.ms;
  }
}
