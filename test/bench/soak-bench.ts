/**
 * The soak benchmark (issue 18): for HELIOS_SOAK_MINUTES (default 60), five
 * viewers reconnecting every 10–30 s (Helios' page in Chromium with audio
 * and the microphone on, four raw RFB viewers), a terminal flooding in
 * bursts, a second audio listener and idle hooks firing; every 30 s resident
 * memory (VmRSS), private memory (RssAnon, the one the slope target is judged
 * on) and open descriptors of helios-init, the gateway, Xvnc, PulseAudio and
 * the session. Writes test/artifacts/soak-<distro>.csv and .svg and prints the
 * Markdown table of the README's "Soak" figures.
 *
 * Run: pnpm --filter @helios/e2e bench:soak   (builds the image first if needed)
 *   HELIOS_SOAK_MINUTES=60  HELIOS_SOAK_WARMUP_MINUTES=5  HELIOS_SOAK_SEED=18  HELIOS_E2E_DISTRO=bookworm
 *   HELIOS_SOAK_IMAGE=helios-soak:bookworm  (tag of the bench image it builds and runs)
 *   HELIOS_SOAK_BUILD=0  (run that tag as it is, built beforehand: a long run then needs no
 *   build while other builds change helios:<distro>)
 */
import { launchChromium } from '../support/browser.ts';
import { e2eDistro } from '../support/repo.ts';
import { buildBenchImage } from './experience/bench-image.ts';
import { runSoak } from './soak/run-soak.ts';
import { writeSoakArtifacts } from './soak/soak-artifacts.ts';
import { soakFigures, soakSummary, soakTable } from './soak/soak-report.ts';

const minutes = Number(process.env.HELIOS_SOAK_MINUTES ?? 60);
const warmupMinutes = Number(process.env.HELIOS_SOAK_WARMUP_MINUTES ?? 5);
const seed = Number(process.env.HELIOS_SOAK_SEED ?? 18);
if (!(minutes > 0) || !(warmupMinutes >= 0) || warmupMinutes >= minutes || !Number.isInteger(seed)) {
  throw new Error(
    'HELIOS_SOAK_MINUTES must be a positive number, HELIOS_SOAK_WARMUP_MINUTES a smaller one and ' +
      `HELIOS_SOAK_SEED an integer (got "${minutes}", "${warmupMinutes}", "${seed}")`,
  );
}
const tag = process.env.HELIOS_SOAK_IMAGE ?? `helios-soak:${e2eDistro}`;
const log = (line: string) =>
  process.stderr.write(`[soak] ${new Date().toISOString().slice(11, 19)} ${line}\n`);

let image = tag;
if (process.env.HELIOS_SOAK_BUILD !== '0') {
  log(`building ${tag} from helios:${e2eDistro} (keypaint added)`);
  image = await buildBenchImage(e2eDistro, tag);
}
const browser = await launchChromium({ audio: true });
try {
  log(`${image}, seed ${seed}: ${minutes} min, warm-up ${warmupMinutes} min`);
  const run = await runSoak({
    image,
    durationMs: minutes * 60_000,
    warmupMs: warmupMinutes * 60_000,
    seed,
    browser,
    log,
  });
  const files = writeSoakArtifacts(run, e2eDistro);
  const figures = soakFigures(run);
  process.stdout.write(
    `\nSoak benchmark, ${image}, seed ${seed}, ${(run.durationMs / 60_000).toFixed(1)} min ` +
      `(warm-up ${warmupMinutes} min), ${run.samples.length} samples every 30 s\n\n` +
      `${soakTable(figures)}\n\n${soakSummary(figures)}\n\nCSV: ${files.csv}\nchart: ${files.svg}\n`,
  );
  for (const context of run.errorContext)
    process.stdout.write(`error line, with the lines before it:\n${context}\n`);
  for (const problem of run.problems) process.stdout.write(`runner problem: ${problem}\n`);
  for (const session of run.sessions.filter((s) => s.failure !== undefined)) {
    process.stdout.write(
      `failed session: ${session.viewer} at ${Math.round(session.startedMs / 1000)} s: ${session.failure}\n`,
    );
  }
  if (figures.containerExits > 0) {
    process.stdout.write(`\nThe container exited or restarted. Its last log lines:\n${run.logsTail}\n`);
    process.exitCode = 1;
  }
} finally {
  await browser.close();
}
