/**
 * What the soak run records every 30 s, and the rules that turn those
 * samples into verdicts (pure): the RSS slope by least squares after the
 * warm-up, and whether the open file descriptors stayed flat.
 */

/** The processes the soak watches, in the order of the CSV and the chart. */
export const SOAK_PROCESSES = ['helios-init', 'gateway', 'Xvnc', 'pulseaudio', 'session'] as const;
export type SoakProcess = (typeof SOAK_PROCESSES)[number];

/** One process at one sample: its pid (container namespace), resident memory and open descriptors. */
export interface ProcessReading {
  readonly pid: number;
  readonly rssKiB: number;
  readonly fds: number;
}

/** One sample of every watched process; a process the container did not show is missing. */
export interface SoakSample {
  /** ms since the soak started (the warm-up included). */
  readonly elapsedMs: number;
  readonly processes: Partial<Readonly<Record<SoakProcess, ProcessReading>>>;
}

/** Issue 18's targets. */
export const SOAK_TARGETS = Object.freeze({
  /** Largest RSS growth per process after the warm-up. */
  rssSlopeMiBPerHour: 5,
  /** Most descriptors the late samples may hold above the early ones and still count as flat. */
  fdTolerance: 2,
  /** Key to photon at the end, at most this many times the start (medians). */
  keyToPhotonRatio: 1.5,
});

const MS_PER_HOUR = 3_600_000;

/**
 * Least-squares slope of `points` (x, y); `undefined` with fewer than two
 * distinct x values, where no line is defined.
 */
export function leastSquaresSlope(points: readonly (readonly [number, number])[]): number | undefined {
  if (points.length < 2) return undefined;
  const meanX = points.reduce((sum, [x]) => sum + x, 0) / points.length;
  const meanY = points.reduce((sum, [, y]) => sum + y, 0) / points.length;
  let covariance = 0;
  let variance = 0;
  for (const [x, y] of points) {
    covariance += (x - meanX) * (y - meanY);
    variance += (x - meanX) ** 2;
  }
  return variance === 0 ? undefined : covariance / variance;
}

/** The samples taken at or after the end of the warm-up. */
function afterWarmup(samples: readonly SoakSample[], warmupMs: number): SoakSample[] {
  return samples.filter((sample) => sample.elapsedMs >= warmupMs);
}

function readingsOf(samples: readonly SoakSample[], process: SoakProcess) {
  return samples.flatMap((sample) => {
    const reading = sample.processes[process];
    return reading === undefined ? [] : [{ elapsedMs: sample.elapsedMs, ...reading }];
  });
}

/** RSS growth of `process` in MiB per hour over `samples` (least squares). */
function rssSlopeMiBPerHour(samples: readonly SoakSample[], process: SoakProcess): number | undefined {
  return leastSquaresSlope(
    readingsOf(samples, process).map((r) => [r.elapsedMs / MS_PER_HOUR, r.rssKiB / 1024] as const),
  );
}

/**
 * Whether descriptors stayed flat: the most held in the last third of the
 * samples exceeds the most held in the first third by no more than
 * `tolerance`. Viewers come and go, so single samples swing by a few
 * descriptors; comparing the peaks of both ends sees through that, while a
 * leak of even one descriptor per reconnect grows far past the tolerance.
 * Fewer than two samples cannot show a trend and count as flat.
 */
export function fdsFlat(fds: readonly number[], tolerance: number = SOAK_TARGETS.fdTolerance): boolean {
  if (fds.length < 2) return true;
  const third = Math.max(1, Math.floor(fds.length / 3));
  return Math.max(...fds.slice(-third)) - Math.max(...fds.slice(0, third)) <= tolerance;
}

/** The figures and verdicts of one process over the samples after the warm-up. */
export interface ProcessFigures {
  readonly process: SoakProcess;
  /** Samples that found the process, of all samples after the warm-up. */
  readonly found: number;
  readonly samples: number;
  readonly rssStartMiB: number | undefined;
  readonly rssEndMiB: number | undefined;
  readonly slopeMiBPerHour: number | undefined;
  readonly fdsMin: number | undefined;
  readonly fdsMax: number | undefined;
  readonly fdsFlat: boolean;
  /** Distinct pids seen: more than one means the process was restarted. */
  readonly pids: number;
  /** Slope within the target, descriptors flat, found in every sample, never restarted. */
  readonly meetsTargets: boolean;
}

export function processFigures(
  samples: readonly SoakSample[],
  warmupMs: number,
  process: SoakProcess,
): ProcessFigures {
  const measured = afterWarmup(samples, warmupMs);
  const readings = readingsOf(measured, process);
  const fds = readings.map((r) => r.fds);
  const slope = rssSlopeMiBPerHour(measured, process);
  const flat = fdsFlat(fds);
  const pids = new Set(readings.map((r) => r.pid)).size;
  const first = readings[0];
  const last = readings.at(-1);
  return {
    process,
    found: readings.length,
    samples: measured.length,
    rssStartMiB: first === undefined ? undefined : first.rssKiB / 1024,
    rssEndMiB: last === undefined ? undefined : last.rssKiB / 1024,
    slopeMiBPerHour: slope,
    fdsMin: fds.length === 0 ? undefined : Math.min(...fds),
    fdsMax: fds.length === 0 ? undefined : Math.max(...fds),
    fdsFlat: flat,
    pids,
    meetsTargets:
      readings.length === measured.length &&
      readings.length > 0 &&
      pids === 1 &&
      flat &&
      slope !== undefined &&
      slope <= SOAK_TARGETS.rssSlopeMiBPerHour,
  };
}
