/**
 * The chaos benchmark (issue 18): for HELIOS_CHAOS_MINUTES (default 10),
 * every 5–20 s a kill -9 of a random one of Xvnc, the session, PulseAudio
 * and the gateway, while one Chromium page stays connected. Prints the
 * Markdown table of the README's "Chaos" figures.
 *
 * Run: pnpm --filter @helios/e2e bench:chaos   (builds the image first if needed)
 *   HELIOS_CHAOS_MINUTES=10  HELIOS_CHAOS_SEED=18  HELIOS_E2E_DISTRO=bookworm
 */
import { launchChromium } from '../support/browser.ts';
import { e2eImage } from '../support/repo.ts';
import { mostKillsWithin, planChaos } from './chaos/chaos-plan.ts';
import { chaosFigures, chaosSummary, chaosTable } from './chaos/chaos-report.ts';
import { runChaos } from './chaos/run-chaos.ts';

const minutes = Number(process.env.HELIOS_CHAOS_MINUTES ?? 10);
const seed = Number(process.env.HELIOS_CHAOS_SEED ?? 18);
if (!(minutes > 0) || !Number.isInteger(seed)) {
  throw new Error(
    `HELIOS_CHAOS_MINUTES must be a positive number and HELIOS_CHAOS_SEED an integer (got "${minutes}", "${seed}")`,
  );
}
const plan = planChaos(seed, minutes * 60_000);
process.stderr.write(
  `[chaos] ${e2eImage}, seed ${seed}: ${plan.length} kills in ${minutes} min; ` +
    `most kills of one service within 60 s: ${mostKillsWithin(plan, 60_000)}\n`,
);

const browser = await launchChromium();
try {
  const run = await runChaos({
    image: e2eImage,
    plan,
    browser,
    recoveryTimeoutMs: 60_000,
    log: (line) => process.stderr.write(`[chaos] ${line}\n`),
  });
  const figures = chaosFigures(run);
  process.stdout.write(
    `\nChaos benchmark, ${e2eImage}, seed ${seed}, ${(run.durationMs / 60_000).toFixed(1)} min, ` +
      `${run.kills.length} kills, /health polled every 100 ms, one viewer connected throughout\n\n` +
      `${chaosTable(figures)}\n\n${chaosSummary(figures)}\n`,
  );
  if (figures.containerExits > 0) {
    process.stdout.write(`\nThe container exited or restarted. Its last log lines:\n${run.logsTail}\n`);
    process.exitCode = 1;
  }
} finally {
  await browser.close();
}
