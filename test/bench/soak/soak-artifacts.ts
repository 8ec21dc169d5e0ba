/**
 * Writes a soak run's CSV and chart to test/artifacts/soak-<name>.csv and
 * .svg: `<distro>` for the benchmark, `smoke-<distro>` for the e2e smoke run.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { artifactsDir } from '../../support/repo.ts';
import type { SoakRun } from './run-soak.ts';
import { soakChartSvg } from './soak-chart.ts';
import { soakCsv } from './soak-csv.ts';

/** @returns the paths written. */
export function writeSoakArtifacts(
  run: SoakRun,
  name: string,
): { readonly csv: string; readonly svg: string } {
  mkdirSync(artifactsDir, { recursive: true });
  const csv = join(artifactsDir, `soak-${name}.csv`);
  const svg = join(artifactsDir, `soak-${name}.svg`);
  const minutes = (run.durationMs / 60_000).toFixed(0);
  writeFileSync(csv, soakCsv(run.samples));
  writeFileSync(
    svg,
    soakChartSvg(run.samples, run.warmupMs, `Helios soak, ${run.image}, ${minutes} min, sample every 30 s`),
  );
  return { csv, svg };
}
