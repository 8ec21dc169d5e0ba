/**
 * What the soak run records every 30 s, and the rules that turn those
 * samples into verdicts (pure): the slopes of resident and private memory by
 * least squares after the warm-up, and whether the open file descriptors
 * stayed flat.
 */

/** The processes the soak watches, in the order of the CSV and the chart. */
export const SOAK_PROCESSES = ['helios-init', 'gateway', 'Xvnc', 'pulseaudio', 'session'] as const;
export type SoakProcess = (typeof SOAK_PROCESSES)[number];

/** One process at one sample: its pid (container namespace), memory and open descriptors. */
export interface ProcessReading {
  readonly pid: number;
  /** Resident memory, `VmRSS` in /proc/<pid>/status: private pages plus file-backed and shared ones. */
  readonly rssKiB: number;
  /** Private memory, `RssAnon` in /proc/<pid>/status: the resident pages no file backs (heap, stacks). */
  readonly privateKiB: number;
  readonly fds: number;
}

/** One sample of every watched process; a process the container did not show is missing. */
export interface SoakSample {
  /** ms since the soak started (the warm-up included). */
  readonly elapsedMs: number;
  readonly processes: Partial<Readonly<Record<SoakProcess, ProcessReading>>>;
}

/**
 * Issue 18's targets. Its "RSS slope" is judged on private memory (RssAnon),
 * not VmRSS: see {@link processFigures}.
 */
export const SOAK_TARGETS = Object.freeze({
  /**
   * Largest growth of private memory (`RssAnon`) per process after the
   * warm-up; the VmRSS slope is reported beside it but does not decide.
   */
  privateSlopeMiBPerHour: 5,
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

/** A reading with the time of its sample. */
type TimedReading = ProcessReading & { readonly elapsedMs: number };

function readingsOf(samples: readonly SoakSample[], process: SoakProcess): TimedReading[] {
  return samples.flatMap((sample) => {
    const reading = sample.processes[process];
    return reading === undefined ? [] : [{ elapsedMs: sample.elapsedMs, ...reading }];
  });
}

/** Growth of one memory figure (KiB) over the readings, in MiB per hour (least squares). */
function slopeMiBPerHour(
  readings: readonly TimedReading[],
  kiB: (reading: ProcessReading) => number,
): number | undefined {
  return leastSquaresSlope(readings.map((r) => [r.elapsedMs / MS_PER_HOUR, kiB(r) / 1024] as const));
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
  /** VmRSS growth, reported beside the private slope; it does not decide the verdict. */
  readonly slopeMiBPerHour: number | undefined;
  readonly privateStartMiB: number | undefined;
  readonly privateEndMiB: number | undefined;
  /** RssAnon growth: the slope the target is judged on. */
  readonly privateSlopeMiBPerHour: number | undefined;
  readonly fdsMin: number | undefined;
  readonly fdsMax: number | undefined;
  readonly fdsFlat: boolean;
  /** Distinct pids seen: more than one means the process was restarted. */
  readonly pids: number;
  /** Private memory's slope within the target, descriptors flat, found in every sample, never restarted. */
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
  // The target is judged on private memory: file-backed pages (such as the
  // node binary's optimizing-compiler code, touched once when V8 first
  // optimizes) are loaded once and shared with other processes, a step in
  // VmRSS that is no growth; growth that matters to a user, a leak, shows in
  // private memory.
  const privateSlope = slopeMiBPerHour(readings, (r) => r.privateKiB);
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
    slopeMiBPerHour: slopeMiBPerHour(readings, (r) => r.rssKiB),
    privateStartMiB: first === undefined ? undefined : first.privateKiB / 1024,
    privateEndMiB: last === undefined ? undefined : last.privateKiB / 1024,
    privateSlopeMiBPerHour: privateSlope,
    fdsMin: fds.length === 0 ? undefined : Math.min(...fds),
    fdsMax: fds.length === 0 ? undefined : Math.max(...fds),
    fdsFlat: flat,
    pids,
    meetsTargets:
      readings.length === measured.length &&
      readings.length > 0 &&
      pids === 1 &&
      flat &&
      privateSlope !== undefined &&
      privateSlope <= SOAK_TARGETS.privateSlopeMiBPerHour,
  };
}
