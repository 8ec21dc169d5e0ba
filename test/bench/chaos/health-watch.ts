/**
 * Asks `/health` every 100 ms for the whole chaos run and keeps every
 * answer, so each one can later be held against what was down at the time.
 */

export interface HealthSample {
  /** When the request was sent and when its answer (or failure) came, ms since the epoch. */
  readonly sentMs: number;
  readonly answeredMs: number;
  /** HTTP status, or 0 when no answer came (connection refused while the gateway is down, timeout). */
  readonly status: number;
}

export interface HealthWatch {
  readonly samples: readonly HealthSample[];
  /** Resolves with the first 200 sent at or after `afterMs`, or `undefined` after `timeoutMs`. */
  firstOkSentAfter(afterMs: number, timeoutMs: number): Promise<HealthSample | undefined>;
  stop(): Promise<void>;
}

export const HEALTH_POLL_MS = 100;

export function watchHealth(healthUrl: string): HealthWatch {
  const samples: HealthSample[] = [];
  let running = true;
  const loop = (async () => {
    while (running) {
      const sentMs = Date.now();
      const status = await fetch(healthUrl, { signal: AbortSignal.timeout(2_000) })
        .then(async (response) => {
          await response.arrayBuffer();
          return response.status;
        })
        .catch(() => 0);
      samples.push({ sentMs, answeredMs: Date.now(), status });
      await new Promise((resolve) => setTimeout(resolve, Math.max(0, sentMs + HEALTH_POLL_MS - Date.now())));
    }
  })();
  return {
    samples,
    async firstOkSentAfter(afterMs, timeoutMs) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const ok = samples.find((sample) => sample.sentMs >= afterMs && sample.status === 200);
        if (ok || Date.now() > deadline) return ok;
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    },
    async stop() {
      running = false;
      await loop;
    },
  };
}
