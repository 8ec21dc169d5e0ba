import type { EncodedFrame } from './encoder-framing.ts';
import { DEFAULT_RATE_LIMITS, encoderCapKbps, type RateLimits, ViewerRate } from './rate-control.ts';

/** What the fan-out needs from one viewer (a WebSocket, or a fake in tests). */
export interface VideoTarget {
  /** Bytes queued for this viewer and not yet handed to the network. */
  readonly bufferedAmount: number;
  send(message: Buffer): void;
}

/**
 * Where one viewer is in the stream: `joining` waits for its first
 * keyframe, `streaming` gets every frame, `skipping` lagged and waits for the
 * next keyframe (frames it misses count as dropped).
 */
export type ViewerPhase = 'joining' | 'streaming' | 'skipping';

/** Per-viewer counters. */
export interface ViewerStats {
  frames: number;
  dropped: number;
  bytes: number;
}

interface Viewer {
  phase: ViewerPhase;
  readonly rate: ViewerRate;
  readonly stats: ViewerStats;
}

/** What one broadcast did. */
export interface BroadcastResult {
  readonly sent: number;
  readonly dropped: number;
  readonly bytes: number;
  /** A viewer that skipped frames can take a keyframe again and is waiting for one. */
  readonly wantKeyframe: boolean;
}

/**
 * Sends each encoded frame to every viewer of one screen. Nobody is sent a
 * frame it cannot decode: a new viewer starts at a keyframe, and a viewer
 * whose socket holds more than `maxBufferedBytes` unsent skips frames until
 * the next keyframe rather than queueing an ever-growing delay.
 */
export class VideoFanout<T extends VideoTarget> {
  readonly #viewers = new Map<T, Viewer>();
  readonly #maxBufferedBytes: number;
  readonly #limits: RateLimits;

  /** @param options `maxBufferedBytes` @default 1 MiB; `limits` of rate control. */
  constructor(options: { readonly maxBufferedBytes?: number; readonly limits?: RateLimits } = {}) {
    this.#maxBufferedBytes = options.maxBufferedBytes ?? 1 << 20;
    this.#limits = options.limits ?? DEFAULT_RATE_LIMITS;
  }

  get size(): number {
    return this.#viewers.size;
  }

  /** Adds a viewer, waiting for a keyframe; true when it is the first (time to start the encoder). */
  add(target: T): boolean {
    if (this.#viewers.has(target)) return false;
    this.#viewers.set(target, {
      phase: 'joining',
      rate: new ViewerRate(this.#limits),
      stats: { frames: 0, dropped: 0, bytes: 0 },
    });
    return this.#viewers.size === 1;
  }

  /** Removes a viewer; true when it was the last (time to stop the encoder). */
  remove(target: T): boolean {
    return this.#viewers.delete(target) && this.#viewers.size === 0;
  }

  has(target: T): boolean {
    return this.#viewers.has(target);
  }

  targets(): IterableIterator<T> {
    return this.#viewers.keys();
  }

  phase(target: T): ViewerPhase | undefined {
    return this.#viewers.get(target)?.phase;
  }

  stats(target: T): Readonly<ViewerStats> | undefined {
    return this.#viewers.get(target)?.stats;
  }

  /** Takes a viewer's report; returns the encoder cap all viewers now allow. */
  report(target: T, now: number, receivedBytes: number, currentKbps: number): number {
    this.#viewers.get(target)?.rate.report(now, receivedBytes, currentKbps);
    return this.capKbps();
  }

  /** The encoder cap: the lowest target of all viewers, within the limits. */
  capKbps(): number {
    return encoderCapKbps(
      [...this.#viewers.values()].map((viewer) => viewer.rate.targetKbps),
      this.#limits,
    );
  }

  /** Offers one frame to every viewer that can use it. */
  broadcast(frame: EncodedFrame): BroadcastResult {
    let sent = 0;
    let dropped = 0;
    let bytes = 0;
    let wantKeyframe = false;
    const length = frame.message.length;
    for (const [target, viewer] of this.#viewers) {
      if (target.bufferedAmount > this.#maxBufferedBytes) {
        if (viewer.phase === 'streaming') viewer.phase = 'skipping';
        if (viewer.phase === 'skipping') {
          viewer.stats.dropped++;
          dropped++;
        }
        continue;
      }
      if (viewer.phase !== 'streaming' && !frame.keyframe) {
        if (viewer.phase === 'skipping') {
          viewer.stats.dropped++;
          dropped++;
          // Its queue drained: a keyframe now lets it catch up.
          wantKeyframe = true;
        }
        continue;
      }
      viewer.phase = 'streaming';
      target.send(frame.message);
      viewer.rate.noteSent(length);
      viewer.stats.frames++;
      viewer.stats.bytes += length;
      sent++;
      bytes += length;
    }
    return { sent, dropped, bytes, wantKeyframe };
  }
}
