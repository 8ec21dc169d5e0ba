/**
 * The soak samples as a plot-ready CSV (pure): one row per sample, three
 * columns per process (`<process>_rss_mib`, `<process>_private_mib`,
 * `<process>_fds`), an empty cell where a sample did not find the process.
 * Spreadsheets and gnuplot read it as it is; {@link parseSoakCsv} reads it
 * back (the smoke test checks both ways), and also reads the CSVs written
 * before private memory was sampled.
 */
import { SOAK_PROCESSES, type SoakProcess, type SoakSample } from './soak-samples.ts';

const HEADER = [
  'elapsed_s',
  ...SOAK_PROCESSES.flatMap((process) => [`${process}_rss_mib`, `${process}_private_mib`, `${process}_fds`]),
];
/** The header before private memory was sampled (earlier runs' artifacts). */
const HEADER_WITHOUT_PRIVATE = HEADER.filter((column) => !column.endsWith('_private_mib'));

export function soakCsv(samples: readonly SoakSample[]): string {
  const rows = samples.map((sample) => [
    (sample.elapsedMs / 1000).toFixed(1),
    ...SOAK_PROCESSES.flatMap((process) => {
      const reading = sample.processes[process];
      return reading === undefined
        ? ['', '', '']
        : [(reading.rssKiB / 1024).toFixed(2), (reading.privateKiB / 1024).toFixed(2), String(reading.fds)];
    }),
  ]);
  return `${[HEADER, ...rows].map((row) => row.join(',')).join('\n')}\n`;
}

/** One row of the CSV, as numbers; `undefined` for an empty cell or a column the CSV does not have. */
export interface SoakCsvRow {
  readonly elapsedS: number;
  readonly rssMiB: Readonly<Record<SoakProcess, number | undefined>>;
  /** `undefined` throughout in a CSV written before private memory was sampled. */
  readonly privateMiB: Readonly<Record<SoakProcess, number | undefined>>;
  readonly fds: Readonly<Record<SoakProcess, number | undefined>>;
}

/**
 * Parses a CSV written by {@link soakCsv}, with or without the private
 * memory columns; throws naming the line when it is not one.
 */
export function parseSoakCsv(text: string): SoakCsvRow[] {
  const [header, ...lines] = text.trimEnd().split('\n');
  const columns = [HEADER, HEADER_WITHOUT_PRIVATE].find((known) => header === known.join(','));
  if (columns === undefined) {
    throw new Error(`soak CSV: expected the header "${HEADER.join(',')}", got "${header?.slice(0, 200)}"`);
  }
  return lines.map((line, index) => {
    const cells = line.split(',');
    if (cells.length !== columns.length) {
      throw new Error(`soak CSV line ${index + 2}: ${cells.length} cells, expected ${columns.length}`);
    }
    const number = (column: string) => {
      const at = columns.indexOf(column);
      if (at < 0) return undefined;
      const cell = cells[at];
      if (cell === '') return undefined;
      const value = Number(cell);
      if (cell === undefined || !Number.isFinite(value)) {
        throw new Error(`soak CSV line ${index + 2}: "${cell}" is not a number (${line})`);
      }
      return value;
    };
    const rssMiB = {} as Record<SoakProcess, number | undefined>;
    const privateMiB = {} as Record<SoakProcess, number | undefined>;
    const fds = {} as Record<SoakProcess, number | undefined>;
    for (const process of SOAK_PROCESSES) {
      rssMiB[process] = number(`${process}_rss_mib`);
      privateMiB[process] = number(`${process}_private_mib`);
      fds[process] = number(`${process}_fds`);
    }
    return { elapsedS: number('elapsed_s') ?? Number.NaN, rssMiB, privateMiB, fds };
  });
}
