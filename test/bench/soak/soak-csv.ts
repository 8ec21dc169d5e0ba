/**
 * The soak samples as a plot-ready CSV (pure): one row per sample, a column
 * pair per process (`<process>_rss_mib`, `<process>_fds`), an empty cell
 * where a sample did not find the process. Spreadsheets and gnuplot read it
 * as it is; {@link parseSoakCsv} reads it back (the smoke test checks both ways).
 */
import { SOAK_PROCESSES, type SoakProcess, type SoakSample } from './soak-samples.ts';

const HEADER = [
  'elapsed_s',
  ...SOAK_PROCESSES.flatMap((process) => [`${process}_rss_mib`, `${process}_fds`]),
];

export function soakCsv(samples: readonly SoakSample[]): string {
  const rows = samples.map((sample) => [
    (sample.elapsedMs / 1000).toFixed(1),
    ...SOAK_PROCESSES.flatMap((process) => {
      const reading = sample.processes[process];
      return reading === undefined ? ['', ''] : [(reading.rssKiB / 1024).toFixed(2), String(reading.fds)];
    }),
  ]);
  return `${[HEADER, ...rows].map((row) => row.join(',')).join('\n')}\n`;
}

/** One row of the CSV, as numbers; `undefined` for an empty cell. */
export interface SoakCsvRow {
  readonly elapsedS: number;
  readonly rssMiB: Readonly<Record<SoakProcess, number | undefined>>;
  readonly fds: Readonly<Record<SoakProcess, number | undefined>>;
}

/** Parses a CSV written by {@link soakCsv}; throws naming the line when it is not one. */
export function parseSoakCsv(text: string): SoakCsvRow[] {
  const [header, ...lines] = text.trimEnd().split('\n');
  if (header !== HEADER.join(',')) {
    throw new Error(`soak CSV: expected the header "${HEADER.join(',')}", got "${header?.slice(0, 200)}"`);
  }
  return lines.map((line, index) => {
    const cells = line.split(',');
    const number = (cell: string | undefined) => {
      if (cell === '') return undefined;
      const value = Number(cell);
      if (cell === undefined || !Number.isFinite(value)) {
        throw new Error(`soak CSV line ${index + 2}: "${cell}" is not a number (${line})`);
      }
      return value;
    };
    if (cells.length !== HEADER.length) {
      throw new Error(`soak CSV line ${index + 2}: ${cells.length} cells, expected ${HEADER.length}`);
    }
    const rssMiB = {} as Record<SoakProcess, number | undefined>;
    const fds = {} as Record<SoakProcess, number | undefined>;
    SOAK_PROCESSES.forEach((process, i) => {
      rssMiB[process] = number(cells[1 + 2 * i]);
      fds[process] = number(cells[2 + 2 * i]);
    });
    return { elapsedS: number(cells[0]) ?? Number.NaN, rssMiB, fds };
  });
}
