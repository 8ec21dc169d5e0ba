/**
 * The soak run: one desktop container (the bench image, for keypaint) under
 * steady use for the whole duration — five viewers reconnecting every
 * 10–30 s, a terminal flooding in bursts, two audio listeners and the
 * microphone, idle hooks firing — and every 30 s a sample of resident
 * memory (VmRSS), private memory (RssAnon) and open descriptors of
 * helios-init, the gateway, Xvnc, PulseAudio and the session.
 * Key to photon is measured when the warm-up ends and at the end.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { seededRandom, streamSeed } from '@helios/test-kit/seeded-random';
import type { Browser } from 'playwright-core';
import { docker, startDesktop, waitForStatus } from '../../support/container.ts';
import { percentile } from '../experience/workloads.ts';
import { type AudioListenerCounts, startAudioListener } from './audio-listener.ts';
import { errorLines } from './log-errors.ts';
import { measureKeyToPhoton, startFloodingTerminal } from './soak-desktop.ts';
import { readSoakProcesses } from './soak-processes.ts';
import type { SoakSample } from './soak-samples.ts';
import { chromiumViewerLoop, rfbViewerLoop, SoakClock, type ViewerSession } from './soak-viewers.ts';

export interface SoakOptions {
  /** The image to run; it must carry keypaint (see bench-image.ts). */
  readonly image: string;
  /** Whole run, the warm-up included. */
  readonly durationMs: number;
  readonly warmupMs: number;
  readonly seed: number;
  /** Chromium launched with audio allowed (`launchChromium({ audio: true })`). */
  readonly browser: Browser;
  /** @default 30_000 */
  readonly sampleEveryMs?: number;
  /** Keys per key-to-photon series. @default 20 */
  readonly keys?: number;
  readonly log?: (line: string) => void;
}

export interface SoakRun {
  readonly image: string;
  readonly container: string;
  readonly durationMs: number;
  readonly warmupMs: number;
  readonly samples: readonly SoakSample[];
  /** Whether the container was running at each sample, in the same order. */
  readonly runningAtSamples: readonly boolean[];
  readonly sessions: readonly ViewerSession[];
  /** Key to photon (ms per key) when the warm-up ended and at the end; empty when it failed (see `problems`). */
  readonly keyToPhotonStart: readonly number[];
  readonly keyToPhotonEnd: readonly number[];
  /** The Node audio listener; its frame count at each sample. */
  readonly audioListener: AudioListenerCounts;
  readonly audioFramesAtSamples: readonly number[];
  /** Times the idle.d hook ran (its line in the container's log). */
  readonly idleHookRuns: number;
  readonly errorLines: readonly string[];
  /** The log lines before each error line (what the service said before it crashed). */
  readonly errorContext: readonly string[];
  readonly containerRunningAtEnd: boolean;
  readonly containerStartedOnce: boolean;
  /** What went wrong in the runner itself (a failed sample or measurement), for the report. */
  readonly problems: readonly string[];
  readonly logsTail: string;
}

const USER = { name: 'soak', uid: 1000 };
/** Idle after 15 s without input: with a pointer move every 45 s the hooks run about once a minute. */
const IDLE_MINUTES = 0.25;
const POKE_EVERY_MS = 45_000;
const IDLE_HOOK_LINE = 'soak idle hook ran';
const RFB_VIEWERS = 4;

async function containerRunning(name: string): Promise<boolean> {
  return (await docker('inspect', '-f', '{{.State.Running}}', name).catch(() => 'false')) === 'true';
}

export async function runSoak(options: SoakOptions): Promise<SoakRun> {
  const log = options.log ?? (() => {});
  const sampleEveryMs = options.sampleEveryMs ?? 30_000;
  const keys = options.keys ?? 20;
  const hooks = mkdtempSync(join(tmpdir(), 'soak-idle-'));
  writeFileSync(join(hooks, '10-soak-mark.sh'), `#!/bin/sh\necho "${IDLE_HOOK_LINE} at $(date +%s)"\n`, {
    mode: 0o755,
  });
  const container = await startDesktop(
    options.image,
    { USER: USER.name, UID: String(USER.uid), IDLE_TIME: String(IDLE_MINUTES) },
    ['--volume', `${hooks}:/etc/helios/idle.d:ro`],
    { namePrefix: 'soak' },
  );
  const problems: string[] = [];
  let stopClock = () => {};
  try {
    await waitForStatus(container, '/health', 200, 90_000);
    const startedAt = await docker('inspect', '-f', '{{.State.StartedAt}}', container.name);
    await startFloodingTerminal(container, USER.uid);
    log(`${container.name} ready on ${container.url}; viewers, audio and the flood start`);

    const clock = new SoakClock();
    stopClock = () => clock.stop();
    const sessions: ViewerSession[] = [];
    const wsBase = container.url.replace(/^http/, 'ws');
    const listener = startAudioListener(`${wsBase}audio`);
    const rfb = Array.from({ length: RFB_VIEWERS }, (_, i) =>
      rfbViewerLoop(
        `rfb-${i + 1}`,
        `${wsBase}websockify`,
        seededRandom(streamSeed(options.seed, i + 1)),
        clock,
        sessions,
      ),
    );
    const chromium = chromiumViewerLoop(
      options.browser,
      container.url,
      seededRandom(streamSeed(options.seed, 0)),
      clock,
      sessions,
    );

    // Input now and then, from whichever raw viewer is connected, so the idle period starts over and idle.d runs again.
    const pokes = (async () => {
      for (let n = 0; !clock.stopped; n++) {
        await clock.sleep(POKE_EVERY_MS);
        rfb
          .find((viewer) => viewer.current())
          ?.current()
          ?.pointer(1000 + (n % 2), 200);
      }
    })();

    const samples: SoakSample[] = [];
    const runningAtSamples: boolean[] = [];
    const audioFramesAtSamples: number[] = [];
    const sampling = (async () => {
      for (let at = 0; at <= options.durationMs; at += sampleEveryMs) {
        await clock.sleepUntil(at);
        const elapsedMs = clock.elapsedMs;
        try {
          samples.push({ elapsedMs, processes: await readSoakProcesses(container) });
        } catch (error) {
          problems.push(`sample at ${Math.round(elapsedMs / 1000)} s: ${(error as Error).message}`);
          samples.push({ elapsedMs, processes: {} });
        }
        runningAtSamples.push(await containerRunning(container.name));
        audioFramesAtSamples.push(listener.counts().frames);
        const last = samples.at(-1);
        log(
          `${(elapsedMs / 60_000).toFixed(1)} min: ` +
            Object.entries(last?.processes ?? {})
              .map(
                ([name, r]) =>
                  `${name} ${(r.rssKiB / 1024).toFixed(1)} MiB (private ${(r.privateKiB / 1024).toFixed(1)})/${r.fds} fds`,
              )
              .join(', ') +
            `; viewer sessions ${sessions.length}, audio frames ${listener.counts().frames}`,
        );
      }
    })();

    const measure = async (label: string) => {
      try {
        const ms = await measureKeyToPhoton(options.browser, container, USER.uid, keys);
        log(`key to photon (${label}): median ${percentile(ms, 0.5).toFixed(1)} ms`);
        return ms;
      } catch (error) {
        problems.push(`key to photon (${label}): ${(error as Error).message.split('\n')[0]}`);
        return [];
      }
    };
    await clock.sleepUntil(options.warmupMs);
    const keyToPhotonStart = await measure('start');
    await sampling;
    const keyToPhotonEnd = await measure('end');

    clock.stop();
    await Promise.all([...rfb.map((viewer) => viewer.done), chromium, pokes]);
    await listener.stop();
    const durationMs = clock.elapsedMs;

    const running = await containerRunning(container.name);
    const startedAtEnd = running ? await docker('inspect', '-f', '{{.State.StartedAt}}', container.name) : '';
    const logs = await container.logs();
    const logLines = logs.split('\n');
    const errors = errorLines(logs);
    const errorContext = errors.flatMap((error) => {
      const at = logLines.indexOf(error.split('\n')[0] ?? '');
      if (at < 0) return [];
      // A crash reported by helios-init: what that service printed last.
      const service = error.match(/^\[helios-init\] ([\w.-]+): /)?.[1];
      const before = logLines
        .slice(0, at)
        .filter((line) => service === undefined || line.startsWith(`[${service}] `))
        .slice(-8);
      return [[...before, error].join('\n')];
    });
    return {
      image: options.image,
      container: container.name,
      durationMs,
      warmupMs: options.warmupMs,
      samples,
      runningAtSamples,
      sessions,
      keyToPhotonStart,
      keyToPhotonEnd,
      audioListener: listener.counts(),
      audioFramesAtSamples,
      idleHookRuns: logs.split('\n').filter((line) => line.includes(IDLE_HOOK_LINE)).length,
      errorLines: errors,
      errorContext,
      containerRunningAtEnd: running,
      containerStartedOnce: startedAtEnd === startedAt,
      problems,
      logsTail: logLines.slice(-40).join('\n'),
    };
  } finally {
    stopClock();
    await container.remove();
    rmSync(hooks, { recursive: true, force: true });
  }
}
