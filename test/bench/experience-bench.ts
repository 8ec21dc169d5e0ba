/**
 * The experience benchmark: how the desktop feels in a real browser, Helios
 * side by side with Debian noVNC 1.3 + websockify on the same Xvnc socket, on
 * loopback and through emulated links. Prints a Markdown table (the README's).
 *
 * Run: pnpm --filter @helios/e2e bench:experience
 *   HELIOS_E2E_DISTRO=bookworm  HELIOS_BENCH_ROUNDS=3  HELIOS_BENCH_KEYS=30
 *   HELIOS_BENCH_SECONDS=8  HELIOS_BENCH_LINKS=all|loopback|lossy  HELIOS_BENCH_STARTS=5
 *   (lossy: the 5 Mbit/s, 100 ms, 1% loss link alone)
 *   HELIOS_BENCH_XVNC=FrameRate=120  (Helios' Xvnc settings for an experiment)
 *   HELIOS_BENCH_STACKS=helios,video,plain  (which stacks; default these three; `auto` adds ?mode=auto,
 *   `sharp` Helios at a fixed ?quality=9)
 * The start timeline (`docker run` to the first desktop frame) comes first,
 * from fresh containers of the plain image.
 */
import { LINK_PROFILES } from '@helios/test-kit/shaped-link';
import { launchChromium } from '../support/browser.ts';
import { experienceTable } from './experience/experience-table.ts';
import { measureStart } from './experience/measure-start.ts';
import type { Stack } from './experience/page-probe.ts';
import { OPTIONAL_STACKS, runExperience, STACKS } from './experience/run-experience.ts';
import { medianTimeline, type StartEvent, startTable } from './experience/start-timeline.ts';

const env = process.env;
const lossy = LINK_PROFILES.filter((p) => p.lossPercent > 0).map((p) => p.name);
const links = { loopback: ['loopback'], lossy }[env.HELIOS_BENCH_LINKS ?? ''] ?? [
  'loopback',
  ...LINK_PROFILES.map((p) => p.name),
];
const options = {
  distro: env.HELIOS_E2E_DISTRO ?? 'bookworm',
  rounds: Number(env.HELIOS_BENCH_ROUNDS ?? 3),
  keys: Number(env.HELIOS_BENCH_KEYS ?? 30),
  seconds: Number(env.HELIOS_BENCH_SECONDS ?? 8),
  links,
  xvncOverrides: env.HELIOS_BENCH_XVNC,
  stacks: env.HELIOS_BENCH_STACKS === undefined ? STACKS : parseStacks(env.HELIOS_BENCH_STACKS),
};
function parseStacks(text: string): Stack[] {
  const names = text.split(',').map((name) => name.trim());
  const known = [...STACKS, ...OPTIONAL_STACKS];
  const unknown = names.filter((name) => !known.includes(name as Stack));
  if (unknown.length > 0 || names.length === 0) {
    throw new Error(
      `HELIOS_BENCH_STACKS: unknown stack "${unknown[0] ?? ''}"; expected some of ${known.join(', ')}`,
    );
  }
  return names as Stack[];
}

const started = Date.now();
const startRuns = Number(env.HELIOS_BENCH_STARTS ?? 5);
const starts: StartEvent[][] = [];
const browser = await launchChromium();
try {
  for (let run = 0; run < startRuns; run++) {
    process.stderr.write(`[experience] start ${run + 1}/${startRuns}\n`);
    starts.push(await measureStart(`helios:${options.distro}`, browser));
  }
} finally {
  await browser.close();
}
process.stdout.write(
  `Start timeline, ${options.distro}\n\n${startTable(medianTimeline(starts), startRuns)}\n\n`,
);
const results = await runExperience(options, (line) => process.stderr.write(`[experience] ${line}\n`));
process.stdout.write(
  `Experience benchmark, ${options.distro}, ${options.rounds} interleaved rounds, ${options.keys} keys per series, ` +
    `medians over rounds (${((Date.now() - started) / 60_000).toFixed(1)} min)\n\n${experienceTable(results, links)}\n`,
);
if (env.HELIOS_BENCH_JSON) {
  const { writeFileSync } = await import('node:fs');
  writeFileSync(env.HELIOS_BENCH_JSON, JSON.stringify(results, null, 2));
}
