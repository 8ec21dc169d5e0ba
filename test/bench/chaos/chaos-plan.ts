/**
 * The chaos schedule: which service is killed, and how long after the
 * previous kill. Pure and seeded, so a run can be repeated exactly and the
 * e2e smoke test can check the planner without Docker.
 */

import { seededRandom } from '@helios/test-kit/seeded-random';

/** The services the chaos run kills, by their helios-init name (`helios-init status`). */
export const CHAOS_SERVICES = ['xvnc', 'desktop', 'pulseaudio', 'kclient'] as const;
export type ChaosService = (typeof CHAOS_SERVICES)[number];

/** Shortest and longest pause between two kills (issue 18: every 5–20 s). */
export const MIN_GAP_MS = 5_000;
export const MAX_GAP_MS = 20_000;

/** One planned kill: `gapMs` after the previous kill (or after the start for the first). */
export interface PlannedKill {
  readonly service: ChaosService;
  readonly gapMs: number;
}

function gap(random: () => number): number {
  return MIN_GAP_MS + Math.round(random() * (MAX_GAP_MS - MIN_GAP_MS));
}

/** Random kills, each of a random service, 5–20 s apart, until the planned gaps add up to `durationMs`. */
export function planChaos(seed: number, durationMs: number): PlannedKill[] {
  const random = seededRandom(seed);
  const kills: PlannedKill[] = [];
  let elapsed = 0;
  for (;;) {
    const gapMs = gap(random);
    if (elapsed + gapMs > durationMs) return kills;
    elapsed += gapMs;
    const service = CHAOS_SERVICES[Math.floor(random() * CHAOS_SERVICES.length)] ?? 'xvnc';
    kills.push({ service, gapMs });
  }
}

/** Every service killed exactly once, in a seeded order, 5–20 s apart (the e2e smoke run). */
export function planEachServiceOnce(seed: number): PlannedKill[] {
  const random = seededRandom(seed);
  const order = [...CHAOS_SERVICES];
  for (let i = order.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [order[i], order[j]] = [order[j] as ChaosService, order[i] as ChaosService];
  }
  return order.map((service) => ({ service, gapMs: gap(random) }));
}

/**
 * The most kills of one service the plan puts within any `windowMs`, by
 * planned times (real runs only stretch them). helios-init marks a service
 * failed after 5 crashes within 60 s, so this tells whether a plan can reach
 * that limit at all.
 */
export function mostKillsWithin(plan: readonly PlannedKill[], windowMs: number): number {
  const times = new Map<ChaosService, number[]>();
  let at = 0;
  for (const kill of plan) {
    at += kill.gapMs;
    times.set(kill.service, [...(times.get(kill.service) ?? []), at]);
  }
  let most = 0;
  for (const list of times.values()) {
    let first = 0;
    for (let last = 0; last < list.length; last++) {
      while ((list[last] ?? 0) - (list[first] ?? 0) >= windowMs) first++;
      most = Math.max(most, last - first + 1);
    }
  }
  return most;
}
