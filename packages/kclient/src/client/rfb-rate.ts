/**
 * The page's one sampler of what the RFB socket receives. Auto mode's
 * transport (video/auto-switch.ts) and the JPEG quality (rfb-quality.ts) both
 * decide from the bytes per second of the last half second: one counter and
 * one timer feed both, and the timer runs only while one of them listens.
 */

/** How often the page samples what it received. */
export const RFB_SAMPLE_MS = 500;

/** Bytes per second the RFB socket received in one sample period. */
type RateListener = (bytesPerSecond: number) => void;

export interface RfbRateMeter {
  /** Counts bytes received on the RFB socket (the connection's `onBytes`). */
  count(bytes: number): void;
  /** Calls `listener` every {@link RFB_SAMPLE_MS} with that period's rate; returns how to stop. */
  onSample(listener: RateListener): () => void;
  /** Calls `listener` with the size of every message the RFB socket receives. */
  onMessage(listener: (bytes: number) => void): void;
}

export function createRfbRateMeter(): RfbRateMeter {
  const listeners = new Set<RateListener>();
  const messageListeners: ((bytes: number) => void)[] = [];
  let bytes = 0;
  let timer: ReturnType<typeof setInterval> | undefined;
  const sample = () => {
    const bytesPerSecond = (bytes * 1000) / RFB_SAMPLE_MS;
    bytes = 0;
    for (const listener of listeners) listener(bytesPerSecond);
  };
  return {
    count(received) {
      bytes += received;
      for (const listener of messageListeners) listener(received);
    },
    onMessage(listener) {
      messageListeners.push(listener);
    },
    onSample(listener) {
      listeners.add(listener);
      if (timer === undefined) {
        bytes = 0;
        timer = setInterval(sample, RFB_SAMPLE_MS);
      }
      return () => {
        listeners.delete(listener);
        if (listeners.size === 0 && timer !== undefined) {
          clearInterval(timer);
          timer = undefined;
        }
      };
    },
  };
}
