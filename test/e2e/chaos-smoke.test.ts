import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CHAOS_SERVICES,
  MAX_GAP_MS,
  MIN_GAP_MS,
  mostKillsWithin,
  planChaos,
  planEachServiceOnce,
} from '../bench/chaos/chaos-plan.ts';
import { chaosFigures, chaosSummary, chaosTable } from '../bench/chaos/chaos-report.ts';
import { HEALTH_POLL_MS } from '../bench/chaos/health-watch.ts';
import {
  type ChaosRun,
  healthLies,
  healthWhileDown,
  type KillRecord,
  runChaos,
} from '../bench/chaos/run-chaos.ts';
import { launchChromium } from '../support/browser.ts';
import { e2eImage } from '../support/repo.ts';

// The short version of `pnpm --filter @helios/e2e bench:chaos`: each service killed once.
describe('the chaos planner', () => {
  it('plans the same kills for the same seed, 5–20 s apart, and other kills for another seed', () => {
    const plan = planChaos(7, 10 * 60_000);
    expect(planChaos(7, 10 * 60_000)).toEqual(plan);
    expect(planChaos(8, 10 * 60_000)).not.toEqual(plan);
    expect(plan.every((kill) => kill.gapMs >= MIN_GAP_MS && kill.gapMs <= MAX_GAP_MS)).toBe(true);
    expect(plan.reduce((sum, kill) => sum + kill.gapMs, 0)).toBeLessThanOrEqual(10 * 60_000);
    expect(plan.length).toBeGreaterThanOrEqual(30);
    expect(new Set(plan.map((kill) => kill.service))).toEqual(new Set(CHAOS_SERVICES));
  });

  it('kills each service exactly once in the short plan', () => {
    const plan = planEachServiceOnce(18);
    expect(plan.map((kill) => kill.service).sort()).toEqual([...CHAOS_SERVICES].sort());
    expect(mostKillsWithin(plan, 60_000)).toBe(1);
  });

  it('counts the most kills of one service within a window', () => {
    const plan = [
      { service: 'xvnc', gapMs: 5_000 },
      { service: 'xvnc', gapMs: 5_000 },
      { service: 'kclient', gapMs: 5_000 },
      { service: 'xvnc', gapMs: 50_000 },
    ] as const;
    expect(mostKillsWithin(plan, 60_000)).toBe(2);
    expect(mostKillsWithin(plan, 61_000)).toBe(3);
  });
});

describe(`chaos in ${e2eImage}: each service killed once with a viewer connected`, () => {
  let browser: Browser;
  let run: ChaosRun;

  beforeAll(async () => {
    browser = await launchChromium();
    run = await runChaos({
      image: e2eImage,
      plan: planEachServiceOnce(Number(process.env.HELIOS_CHAOS_SEED ?? 18)),
      browser,
      recoveryTimeoutMs: 30_000,
    });
    console.log(`${chaosTable(chaosFigures(run))}\n\n${chaosSummary(chaosFigures(run))}`);
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
  });

  it('keeps the container running, never restarted', () => {
    expect(run.kills.every((kill) => kill.containerRunning)).toBe(true);
    expect(run.containerRunningAtEnd).toBe(true);
    expect(run.containerStartedOnce).toBe(true);
  });

  it('shows the desktop in the page again after every kill', () => {
    expect(run.kills.map((kill) => kill.service).sort()).toEqual([...CHAOS_SERVICES].sort());
    expect(run.kills.map((kill) => [kill.service, kill.failure])).toEqual(
      run.kills.map((kill) => [kill.service, undefined]),
    );
  });

  it('leaves no zombie behind', () => {
    expect(run.kills.map((kill) => [kill.service, kill.zombiesLingering])).toEqual(
      run.kills.map((kill) => [kill.service, 0]),
    );
  });

  it('leaves no session bus behind when the session starts again (each restart used to leak a dbus-daemon and xfconfd)', () => {
    const count = (processes: readonly string[], name: RegExp) =>
      processes.filter((args) => name.test(args)).length;
    for (const name of [/(^|\/)dbus-daemon /, /(^|\/)xfconfd( |$)/]) {
      expect([String(name), count(run.processesAtEnd, name)]).toEqual([
        String(name),
        count(run.processesAtStart, name),
      ]);
    }
  });

  it('never has state.json call a service ready whose process is gone', () => {
    expect(run.kills.flatMap((kill) => kill.stateDisagreements)).toEqual([]);
  });

  it('has /health tell the truth: never 200 while a service it gates is down, 503 while the desktop comes back', () => {
    // Down: from helios-init noticing the kill (state.json says so) until state.json
    // has every gating service ready again. A 200 sent in that stretch is a lie; one
    // sent between the kill and helios-init noticing it cannot know better (staleHealth,
    // printed with the figures above).
    const relative = (kill: KillRecord, ms: number) => `${ms - kill.killDoneMs} ms`;
    const lies = run.kills.flatMap((kill) =>
      healthLies(kill, run.health).map(
        (sample) =>
          `${kill.service}: 200 sent ${relative(kill, sample.sentMs)}, answered ${relative(kill, sample.answeredMs)} ` +
          `after the kill; noticed at ${relative(kill, kill.noticedMs)}, down ` +
          kill.down.map((down) => `${down.service} until ${relative(kill, down.untilMs)}`).join(', '),
      ),
    );
    expect(lies).toEqual([]);
    // Not vacuous: while the desktop (Xvnc, then the session) came back, /health said 503,
    // whenever it was down long enough for a poll (every HEALTH_POLL_MS) to fall inside.
    // Xvnc's comeback takes seconds; a session can be back within one poll period.
    for (const kill of run.kills.filter((k) => k.service === 'xvnc' || k.service === 'desktop')) {
      const downMs = Math.max(0, ...kill.down.map((down) => down.untilMs - down.fromMs));
      const statuses = healthWhileDown(kill, run.health).map((sample) => sample.status);
      console.log(
        `${kill.service}: down ${downMs} ms, /health answered ${statuses.join(', ') || 'nothing'} meanwhile`,
      );
      if (kill.service === 'xvnc' || downMs > 3 * HEALTH_POLL_MS) {
        expect([kill.service, statuses.includes(503)]).toEqual([kill.service, true]);
      }
    }
  });
});
