import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { seededRandom, streamSeed } from '@helios/test-kit/seeded-random';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildBenchImage } from '../bench/experience/bench-image.ts';
import { errorLines } from '../bench/soak/log-errors.ts';
import { RfbStreamError, RfbUpdateReader } from '../bench/soak/rfb-update-reader.ts';
import { runSoak, type SoakRun } from '../bench/soak/run-soak.ts';
import { writeSoakArtifacts } from '../bench/soak/soak-artifacts.ts';
import { niceTicks, soakChartSvg } from '../bench/soak/soak-chart.ts';
import { parseSoakCsv, soakCsv } from '../bench/soak/soak-csv.ts';
import { parseReadings, readingsScript } from '../bench/soak/soak-processes.ts';
import { soakFigures, soakSummary, soakTable } from '../bench/soak/soak-report.ts';
import {
  fdsFlat,
  leastSquaresSlope,
  type ProcessReading,
  processFigures,
  SOAK_PROCESSES,
  type SoakProcess,
  type SoakSample,
} from '../bench/soak/soak-samples.ts';
import { MAX_STAY_MS, MIN_STAY_MS, stayMs } from '../bench/soak/soak-viewers.ts';
import { launchChromium } from '../support/browser.ts';
import { e2eDistro } from '../support/repo.ts';

// The short version of `pnpm --filter @helios/e2e bench:soak`, and the unit tests of its pure parts.

const MiB = 1024;
/**
 * A sample every 30 s for `minutes`, each process at `rssMiB(minute)`,
 * `fds(index)` and `privateMiB(minute)` (by default 5 MiB below its RSS).
 */
function series(
  minutes: number,
  rssMiB: (minute: number) => number,
  fds: (index: number) => number = () => 20,
  privateMiB: (minute: number) => number = (minute) => rssMiB(minute) - 5,
): SoakSample[] {
  return Array.from({ length: minutes * 2 + 1 }, (_, index) => {
    const processes: Partial<Record<SoakProcess, ProcessReading>> = {};
    for (const [n, process] of SOAK_PROCESSES.entries()) {
      processes[process] = {
        pid: n + 1,
        rssKiB: rssMiB(index / 2) * MiB,
        privateKiB: privateMiB(index / 2) * MiB,
        fds: fds(index),
      };
    }
    return { elapsedMs: index * 30_000, processes };
  });
}

describe('the soak figures', () => {
  it('finds the slope of a straight line by least squares, and none for a single point', () => {
    expect(
      leastSquaresSlope([
        [0, 1],
        [1, 3],
        [2, 5],
      ]),
    ).toBeCloseTo(2, 10);
    expect(
      leastSquaresSlope([
        [0, 1],
        [1, 2],
        [2, 1],
        [3, 2],
      ]),
    ).toBeCloseTo(0.2, 10);
    expect(leastSquaresSlope([[1, 1]])).toBeUndefined();
    expect(
      leastSquaresSlope([
        [1, 1],
        [1, 2],
      ]),
    ).toBeUndefined();
  });

  it('measures RSS and private memory growth in MiB per hour after the warm-up only', () => {
    // 40 MiB of growth in the 5-minute warm-up, then 1 MiB every 6 minutes: 10 MiB/h (private memory 5 MiB below).
    const samples = series(30, (minute) => (minute < 5 ? 100 + 8 * minute : 140 + (minute - 5) / 6));
    const figures = processFigures(samples, 5 * 60_000, 'gateway');
    expect(figures.slopeMiBPerHour).toBeCloseTo(10, 6);
    expect(figures.privateSlopeMiBPerHour).toBeCloseTo(10, 6);
    expect(figures.rssStartMiB).toBeCloseTo(140, 6);
    expect(figures.privateStartMiB).toBeCloseTo(135, 6);
    expect(figures.privateEndMiB).toBeCloseTo(135 + 25 / 6, 6);
    expect(figures.meetsTargets).toBe(false);
    const flat = processFigures(
      series(30, (minute) => (minute < 5 ? 100 + 8 * minute : 140)),
      5 * 60_000,
      'Xvnc',
    );
    expect(flat.slopeMiBPerHour).toBeCloseTo(0, 6);
    expect(flat.meetsTargets).toBe(true);
  });

  it('meets the slope target when VmRSS steps up once by 5 MiB of shared file pages and private memory stays flat', () => {
    // helios-init in the 60-minute soak: V8's optimizing compiler's pages of the node binary, loaded at ~17 min.
    const samples = series(
      60,
      (minute) => (minute < 17 ? 60 : 65),
      () => 30,
      () => 40,
    );
    const figures = processFigures(samples, 5 * 60_000, 'helios-init');
    expect(figures.slopeMiBPerHour).toBeGreaterThan(5);
    expect(figures.privateSlopeMiBPerHour).toBeCloseTo(0, 6);
    expect(figures).toMatchObject({ rssStartMiB: 60, rssEndMiB: 65, privateStartMiB: 40, privateEndMiB: 40 });
    expect(figures.meetsTargets).toBe(true);
  });

  it('misses the slope target when private memory grows 10 MiB/h, whatever VmRSS does', () => {
    const samples = series(
      60,
      () => 60,
      () => 30,
      (minute) => 40 + minute / 6,
    );
    const figures = processFigures(samples, 5 * 60_000, 'helios-init');
    expect(figures.slopeMiBPerHour).toBeCloseTo(0, 6);
    expect(figures.privateSlopeMiBPerHour).toBeCloseTo(10, 6);
    expect(figures.meetsTargets).toBe(false);
  });

  it('calls descriptors flat when they swing with viewers, and not when they leak', () => {
    expect(fdsFlat([20, 24, 21, 25, 20, 24, 22, 25, 21])).toBe(true);
    expect(fdsFlat([20, 21, 22, 23, 24, 25, 26, 27, 28])).toBe(false);
    expect(fdsFlat([20])).toBe(true);
    expect(fdsFlat([20, 23])).toBe(false);
    const leaking = processFigures(
      series(
        10,
        () => 50,
        (index) => 20 + index,
      ),
      60_000,
      'gateway',
    );
    expect([leaking.fdsFlat, leaking.meetsTargets]).toEqual([false, false]);
  });

  it('misses the targets for a process that restarted or that a sample did not find', () => {
    const samples = series(10, () => 50);
    const restarted = samples.map((sample, index) =>
      index < 10
        ? sample
        : {
            ...sample,
            processes: {
              ...sample.processes,
              Xvnc: { pid: 99, rssKiB: 50 * MiB, privateKiB: 45 * MiB, fds: 20 },
            },
          },
    );
    expect(processFigures(restarted, 60_000, 'Xvnc')).toMatchObject({ pids: 2, meetsTargets: false });
    const missing = samples.map((sample, index) => (index === 12 ? { ...sample, processes: {} } : sample));
    expect(processFigures(missing, 60_000, 'session')).toMatchObject({
      found: 18,
      samples: 19,
      meetsTargets: false,
    });
  });

  it('judges the whole run: private memory slopes, errors and key to photon within 1.5× the start', () => {
    const run = {
      samples: series(10, () => 50),
      warmupMs: 60_000,
      keyToPhotonStart: [20, 22, 24],
      keyToPhotonEnd: [30, 33, 35],
      errorLines: [],
      sessions: [],
      idleHookRuns: 3,
      audioListener: { frames: 100, connects: 1, lastState: 'capture running' },
      containerRunningAtEnd: true,
      containerStartedOnce: true,
    } as unknown as SoakRun;
    expect(soakFigures(run)).toMatchObject({ keyToPhotonRatio: 1.5, meetsTargets: true });
    expect(soakFigures({ ...run, keyToPhotonEnd: [40] })).toMatchObject({ meetsTargets: false });
    expect(soakFigures({ ...run, errorLines: ['[kclient] boom'] })).toMatchObject({
      errors: 1,
      meetsTargets: false,
    });
    const table = soakTable(soakFigures(run));
    for (const process of SOAK_PROCESSES)
      expect(table).toMatch(
        new RegExp(
          `^\\| ${process} \\| 50\\.0 \\| 50\\.0 \\| \\+0\\.00 \\| 45\\.0 \\| 45\\.0 \\| \\+0\\.00 \\| 20–20 \\| yes \\| ok \\|$`,
          'm',
        ),
      );
    expect(table.split('\n')[0]).toBe(
      '| process | RSS start (MiB) | RSS end (MiB) | RSS slope (MiB/h) | private start (MiB) | private end (MiB) | ' +
        'private slope (MiB/h) | fds min–max | fds flat | verdict |',
    );
    const summary = soakSummary(soakFigures(run));
    expect(summary).toMatch(
      /key to photon \(keypaint, median\): 22\.0 ms after the warm-up, 33\.0 ms at the end \(1\.50×/,
    );
    expect(summary).toMatch(
      /targets \(slope of private memory \(RssAnon\) ≤ 5 MiB\/h .*VmRSS slope shown beside it/,
    );
  });
});

describe('the soak CSV and chart', () => {
  it('writes one row per sample and RSS, private memory and descriptor columns per process, and reads it back', () => {
    const samples = series(1, (minute) => 10 + minute);
    const gap = {
      ...samples[1],
      elapsedMs: 30_000,
      processes: { ...samples[1]?.processes, pulseaudio: undefined },
    } as SoakSample;
    const csv = soakCsv([samples[0] as SoakSample, gap, samples[2] as SoakSample]);
    expect(csv.split('\n')[0]).toBe(
      'elapsed_s,helios-init_rss_mib,helios-init_private_mib,helios-init_fds,' +
        'gateway_rss_mib,gateway_private_mib,gateway_fds,Xvnc_rss_mib,Xvnc_private_mib,Xvnc_fds,' +
        'pulseaudio_rss_mib,pulseaudio_private_mib,pulseaudio_fds,session_rss_mib,session_private_mib,session_fds',
    );
    expect(csv.split('\n')[2]).toBe('30.0,10.50,5.50,20,10.50,5.50,20,10.50,5.50,20,,,,10.50,5.50,20');
    const rows = parseSoakCsv(csv);
    expect(rows).toHaveLength(3);
    expect(rows[1]).toMatchObject({
      elapsedS: 30,
      rssMiB: { gateway: 10.5, pulseaudio: undefined },
      privateMiB: { gateway: 5.5, pulseaudio: undefined },
      fds: { gateway: 20, pulseaudio: undefined },
    });
    expect(rows[2]).toMatchObject({ elapsedS: 60, rssMiB: { session: 11 }, privateMiB: { session: 6 } });
    expect(() => parseSoakCsv('time,rss\n1,2\n')).toThrow(/expected the header/);
    expect(() => parseSoakCsv(`${csv}60.0,x,1,1,1,1,1,1,1,1,1,1,1,1,1,1\n`)).toThrow(
      /line 5: "x" is not a number/,
    );
    expect(() => parseSoakCsv(`${csv}60.0,1,1,1,1,1,1,1,1,1,1\n`)).toThrow(/line 5: 11 cells, expected 16/);
  });

  it('reads a CSV written before private memory was sampled, private memory then unknown', () => {
    const csv =
      'elapsed_s,helios-init_rss_mib,helios-init_fds,gateway_rss_mib,gateway_fds,Xvnc_rss_mib,Xvnc_fds,' +
      'pulseaudio_rss_mib,pulseaudio_fds,session_rss_mib,session_fds\n' +
      '0.0,59.30,30,107.40,35,101.70,25,9.70,22,76.30,22\n' +
      '30.0,59.40,30,107.60,41,101.70,27,,,76.30,23\n';
    const rows = parseSoakCsv(csv);
    expect(rows).toHaveLength(2);
    expect(rows[1]).toEqual({
      elapsedS: 30,
      rssMiB: { 'helios-init': 59.4, gateway: 107.6, Xvnc: 101.7, pulseaudio: undefined, session: 76.3 },
      privateMiB: {
        'helios-init': undefined,
        gateway: undefined,
        Xvnc: undefined,
        pulseaudio: undefined,
        session: undefined,
      },
      fds: { 'helios-init': 30, gateway: 41, Xvnc: 27, pulseaudio: undefined, session: 23 },
    });
    expect(() => parseSoakCsv(`${csv}60.0,1,1\n`)).toThrow(/line 4: 3 cells, expected 11/);
  });

  it('draws RSS, private memory and descriptors as one line per process on round axes, the warm-up marked', () => {
    expect(niceTicks(0, 87)).toEqual([0, 20, 40, 60, 80, 100]);
    expect(niceTicks(0, 103.6)).toEqual([0, 25, 50, 75, 100, 125]);
    expect(niceTicks(0, 3)).toEqual([0, 1, 2, 3]);
    const svg = soakChartSvg(
      series(10, (minute) => 40 + minute),
      60_000,
      'soak <test>',
    );
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    expect(svg.trimEnd().endsWith('</svg>')).toBe(true);
    expect(svg.match(/<polyline /g)).toHaveLength(3 * SOAK_PROCESSES.length);
    expect(svg).toContain('soak &lt;test&gt;');
    expect(svg).toContain('>private memory, RssAnon (MiB)</text>');
    expect(svg.match(/stroke-dasharray/g)).toHaveLength(3);
    for (const process of SOAK_PROCESSES) expect(svg).toContain(`>${process}</text>`);
    const width = Number(svg.match(/width="(\d+)"/)?.[1]);
    const height = Number(svg.match(/height="(\d+)"/)?.[1]);
    for (const [, points] of svg.matchAll(/points="([^"]*)"/g)) {
      for (const pair of (points ?? '').split(' ')) {
        const [x, y] = pair.split(',').map(Number);
        expect([x, y].every((v) => v !== undefined && v >= 0)).toBe(true);
        expect((x ?? 0) <= width && (y ?? 0) <= height).toBe(true);
      }
    }
  });
});

describe('the error rule for container logs', () => {
  it('counts error and fatal records, crashes, ERROR/CRITICAL levels, PulseAudio E: and stack traces once', () => {
    const log = [
      '[helios-init] xvnc: ready after 60 ms',
      '[kclient] {"level":30,"msg":"viewer connected"}',
      '[kclient] {"level":40,"msg":"slow viewer"}',
      '[kclient] {"level":50,"msg":"bridge failed"}',
      '[kclient] {"level":"fatal","msg":"gone"}',
      '[helios-init] desktop: exited unexpectedly (signal SIGKILL, up 3000 ms)',
      '[desktop] (xfce4-session:12): GLib-CRITICAL **: 12:00:00.000: g_source_remove failed',
      '[desktop] (xfwm4:13): GLib-WARNING **: something odd',
      '[pulseaudio] E: [pulseaudio] module.c: Failed to load module',
      '[pulseaudio] W: [pulseaudio] pid.c: Stale PID file',
      '[kclient] TypeError: Cannot read properties of undefined',
      '[kclient]     at Bridge.close (file:///usr/lib/helios/helios-kclient.mjs:10:5)',
      '[kclient]     at process.processTicksAndRejections (node:internal/process/task_queues:95:5)',
      '[idle.d/10-soak-mark.sh] no error here, just the word',
      '[xvnc] Xvnc TigerVNC 1.12.0 - built ERRORless',
    ].join('\n');
    expect(errorLines(log)).toEqual([
      '[kclient] {"level":50,"msg":"bridge failed"}',
      '[kclient] {"level":"fatal","msg":"gone"}',
      '[helios-init] desktop: exited unexpectedly (signal SIGKILL, up 3000 ms)',
      '[desktop] (xfce4-session:12): GLib-CRITICAL **: 12:00:00.000: g_source_remove failed',
      '[pulseaudio] E: [pulseaudio] module.c: Failed to load module',
      'TypeError: Cannot read properties of undefined\n[kclient]     at Bridge.close (file:///usr/lib/helios/helios-kclient.mjs:10:5)',
    ]);
    expect(errorLines('')).toEqual([]);
  });
});

describe('the raw RFB viewer', () => {
  /** FramebufferUpdate with a 2×2 Raw rectangle (32 bpp) and a CopyRect; Bell; an update with one ZRLE rectangle; ServerCutText. */
  const stream = Buffer.concat([
    Buffer.from([0, 0, 0, 2]),
    Buffer.from([0, 0, 0, 0, 0, 2, 0, 2, 0, 0, 0, 0]),
    Buffer.alloc(16, 7),
    Buffer.from([0, 1, 0, 1, 0, 4, 0, 4, 0, 0, 0, 1, 0, 0, 0, 0]),
    Buffer.from([2]),
    Buffer.from([0, 0, 0, 1]),
    Buffer.from([0, 0, 0, 0, 0, 8, 0, 8, 0, 0, 0, 16, 0, 0, 0, 10]),
    Buffer.alloc(10, 9),
    Buffer.from([3, 0, 0, 0, 0, 0, 0, 3]),
    Buffer.from('abc'),
  ]);

  it('counts complete framebuffer updates however the stream is split', () => {
    const whole = new RfbUpdateReader(32);
    expect(whole.push(stream)).toBe(2);
    const bytewise = new RfbUpdateReader(32);
    const seen = [...stream].map((byte) => bytewise.push(Uint8Array.of(byte)));
    expect(bytewise.updates).toBe(2);
    // The first update completes with the CopyRect's last byte, not before.
    expect(seen.indexOf(1)).toBe(4 + 12 + 16 + 16 - 1);
    expect(bytewise.bytes).toBe(stream.length);
  });

  it('refuses an encoding it did not ask for', () => {
    const reader = new RfbUpdateReader(32);
    const tight = Buffer.from([0, 0, 0, 1, 0, 0, 0, 0, 0, 1, 0, 1, 0, 0, 0, 7]);
    expect(() => reader.push(tight)).toThrow(RfbStreamError);
    expect(() => new RfbUpdateReader(32).push(Buffer.from([150]))).toThrow(/message type 150/);
  });

  it('stays 10–30 s per connection, the same stays for the same seed', () => {
    expect(stayMs(0)).toBe(MIN_STAY_MS);
    expect(stayMs(0.999_999)).toBe(MAX_STAY_MS);
    const stays = (seed: number) => Array.from({ length: 20 }, seededRandom(streamSeed(seed, 1))).map(stayMs);
    expect(stays(18)).toEqual(stays(18));
    expect(stays(18)).not.toEqual(stays(19));
    expect(stays(18).every((ms) => ms >= MIN_STAY_MS && ms <= MAX_STAY_MS)).toBe(true);
  });

  it('reads the pid, RSS, private memory and descriptor lines of a sample, leaving out a process that went away', () => {
    expect([...parseReadings('1 60123 41020 23\n57  0\n88 4096 1536 9\n90 4096 9\n').values()]).toEqual([
      { pid: 1, rssKiB: 60123, privateKiB: 41020, fds: 23 },
      { pid: 88, rssKiB: 4096, privateKiB: 1536, fds: 9 },
    ]);
  });

  it('samples VmRSS, RssAnon and descriptors of a running process through sh, and nothing of one that went', () => {
    // Above the largest pid_max Linux allows (2^22), so no process has it.
    const gone = 4_194_305;
    const readings = parseReadings(
      execFileSync('sh', ['-c', readingsScript([process.pid, gone])], { encoding: 'utf8' }),
    );
    expect([...readings.keys()]).toEqual([process.pid]);
    const own = readings.get(process.pid);
    const status = readFileSync('/proc/self/status', 'utf8');
    const kiB = (field: string) => Number(status.match(new RegExp(`^${field}:\\s+(\\d+) kB$`, 'm'))?.[1]);
    expect(own?.privateKiB).toBeGreaterThan(0);
    expect(own?.privateKiB).toBeLessThan(own?.rssKiB ?? 0);
    // Within 64 MiB of this process's own figures read a moment later (it allocates meanwhile).
    expect(Math.abs((own?.rssKiB ?? 0) - kiB('VmRSS'))).toBeLessThan(64 * MiB);
    expect(Math.abs((own?.privateKiB ?? 0) - kiB('RssAnon'))).toBeLessThan(64 * MiB);
    expect(own?.fds).toBeGreaterThan(2);
  });
});

// The e2e suite runs for bookworm, trixie and sid in CI, within a tight time
// budget: the 3-minute soak runs on bookworm only (the image's processes are
// the same on all three); the other distros run the unit tests above.
if (e2eDistro === 'bookworm') {
  describe(`soak smoke run on ${e2eDistro}: 3 minutes, 1 of them warm-up`, () => {
    let browser: Browser;
    let run: SoakRun;
    let files: { csv: string; svg: string };

    beforeAll(async () => {
      const image = await buildBenchImage(e2eDistro, `helios-soak:${e2eDistro}`);
      browser = await launchChromium({ audio: true });
      run = await runSoak({
        image,
        durationMs: 3 * 60_000,
        warmupMs: 60_000,
        seed: Number(process.env.HELIOS_SOAK_SEED ?? 18),
        browser,
        keys: 10,
      });
      files = writeSoakArtifacts(run, `smoke-${e2eDistro}`);
      const figures = soakFigures(run);
      console.log(
        `${soakTable(figures)}\n\n${soakSummary(figures)}\n${run.problems.join('\n')}\n` +
          'smoke: two minutes after the warm-up cannot judge a slope per hour, so the verdicts above are ' +
          'printed, not asserted; the 60-minute soak (pnpm --filter @helios/e2e bench:soak) judges them',
      );
    }, 480_000);

    afterAll(async () => {
      await browser?.close();
    });

    it('keeps the container running, never restarted', () => {
      expect(run.runningAtSamples.every(Boolean)).toBe(true);
      expect([run.containerRunningAtEnd, run.containerStartedOnce]).toEqual([true, true]);
    });

    it('gets a picture on every connection of every viewer, each reconnecting several times', () => {
      const failed = run.sessions.filter((session) => session.failure !== undefined);
      expect(
        failed.map((session) => `${session.viewer} at ${session.startedMs} ms: ${session.failure}`),
      ).toEqual([]);
      const viewers = ['chromium', 'rfb-1', 'rfb-2', 'rfb-3', 'rfb-4'];
      for (const viewer of viewers) {
        expect([viewer, run.sessions.filter((session) => session.viewer === viewer).length >= 3]).toEqual([
          viewer,
          true,
        ]);
      }
      for (const session of run.sessions.filter((s) => s.kind === 'rfb'))
        expect(session.updates).toBeGreaterThan(0);
      // The page had desktop audio and held the microphone on every visit.
      for (const session of run.sessions.filter((s) => s.kind === 'chromium')) {
        expect([session.audio, session.mic]).toEqual(['on', 'on']);
      }
    });

    it('finds all five processes in every sample, with descriptors within a loose bound', () => {
      expect(run.samples.length).toBeGreaterThanOrEqual(6);
      for (const sample of run.samples)
        expect(Object.keys(sample.processes).sort()).toEqual([...SOAK_PROCESSES].sort());
      for (const process of SOAK_PROCESSES) {
        const fds = run.samples.map((sample) => sample.processes[process]?.fds ?? Number.NaN);
        expect([process, Math.max(...fds) <= (fds[0] ?? 0) + 30]).toEqual([process, true]);
      }
    });

    it('writes no error line to the container log', () => {
      // On failure the lines before each error say what led to it.
      expect({ errors: run.errorLines, before: run.errorContext }).toEqual({ errors: [], before: [] });
      expect(run.problems).toEqual([]);
    });

    it('keeps desktop audio flowing to the second listener and runs the idle hooks', () => {
      const frames = run.audioFramesAtSamples;
      expect(frames.at(-1) ?? 0).toBeGreaterThan(frames[2] ?? 0);
      expect(run.idleHookRuns).toBeGreaterThanOrEqual(1);
    });

    it('measures key to photon after the warm-up and at the end', () => {
      for (const ms of [...run.keyToPhotonStart, ...run.keyToPhotonEnd]) {
        expect(ms).toBeGreaterThan(0);
        expect(ms).toBeLessThan(5_000);
      }
      expect([run.keyToPhotonStart.length, run.keyToPhotonEnd.length]).toEqual([10, 10]);
    });

    it('writes a CSV and a chart that read back', () => {
      expect(parseSoakCsv(readFileSync(files.csv, 'utf8'))).toHaveLength(run.samples.length);
      const svg = readFileSync(files.svg, 'utf8');
      expect(svg.startsWith('<svg ')).toBe(true);
      expect(svg.match(/<polyline /g)).toHaveLength(3 * SOAK_PROCESSES.length);
    });
  });
} else {
  console.log(
    `soak smoke: not run on ${e2eDistro}; it runs on bookworm only (CI time budget). ` +
      'The unit tests of its figures, CSV, chart, log rule and RFB reader ran here.',
  );
}
