import type { Stack } from './page-probe.ts';
import type { StackFigures } from './run-experience.ts';
import { percentile } from './workloads.ts';

/** Median over rounds of one figure of one stack on one link. */
function medianOf(
  results: readonly StackFigures[],
  stack: string,
  link: string,
  pick: (f: StackFigures) => number,
): number {
  const values = results.filter((r) => r.stack === stack && r.link === link).map(pick);
  return percentile(values, 0.5);
}

/** A figure of one stack on one link: the median over rounds of what `pick` reads. */
type Median = (pick: (f: StackFigures) => number) => number;

/** One line of the table: how a stack's cell reads, and what the Helios / plain ratio compares. */
interface Row {
  readonly label: string;
  readonly cell: (median: Median) => string;
  readonly ratioOf?: (f: StackFigures) => number;
}

/** A figure a stack does not have (capture to paint without video) reads as a dash. */
const ms = (value: number) => (Number.isNaN(value) ? '–' : `${value.toFixed(1)} ms`);
/** Gateway (or websockify) CPU milliseconds per MiB it carried to the page. */
const bridgeMsPerMiB = (workload: StackFigures['flood']) =>
  (workload.cpu.bridge * 1000) / ((workload.bytesPerSecond * 60) / 2 ** 20);
const one = (value: number) => (Number.isNaN(value) ? '–' : value.toFixed(1));
const mbit = (bytesPerSecond: number) => (bytesPerSecond * 8) / 1e6;
const figure = (label: string, pick: (f: StackFigures) => number, format: (n: number) => string): Row => ({
  label,
  cell: (median) => format(median(pick)),
  ratioOf: pick,
});
const cpu = (label: string, which: 'flood' | 'motion'): Row => ({
  label,
  cell: (median) =>
    (['xvnc', 'bridge', 'encoder', 'page'] as const)
      .map((k) => one(median((f) => f[which].cpu[k])))
      .join(' / '),
});

const ROWS: readonly Row[] = [
  figure('key to photon, streaming path alone (keypaint), p50', (f) => percentile(f.keyMinimal, 0.5), ms),
  figure('key to photon, streaming path alone (keypaint), p90', (f) => percentile(f.keyMinimal, 0.9), ms),
  figure(
    '… of which page → keypaint reads the key, p50',
    (f) =>
      percentile(
        f.breakdownMinimal.map((b) => b.input),
        0.5,
      ),
    ms,
  ),
  figure(
    '… of which keypaint repaints, p50',
    (f) =>
      percentile(
        f.breakdownMinimal.map((b) => b.app),
        0.5,
      ),
    ms,
  ),
  figure(
    '… of which repaint → drawn in the page, p50',
    (f) =>
      percentile(
        f.breakdownMinimal.map((b) => b.output),
        0.5,
      ),
    ms,
  ),
  figure('key to photon, xfce4-terminal, p50', (f) => percentile(f.keyTerminal, 0.5), ms),
  figure('key to photon, xfce4-terminal, p90', (f) => percentile(f.keyTerminal, 0.9), ms),
  {
    label: 'terminal flood: frames drawn per second (X side)',
    cell: (median) => `${one(median((f) => f.flood.pageFps))} (${one(median((f) => f.flood.xFps))})`,
    ratioOf: (f) => f.flood.pageFps,
  },
  figure('terminal flood: Mbit/s received by the page', (f) => mbit(f.flood.bytesPerSecond), one),
  figure('drain after Ctrl+C', (f) => f.drainMs, ms),
  figure('… of which the terminal kept drawing (X side)', (f) => f.drainXMs, ms),
  figure(
    "… until the terminal's last picture was shown (then TigerVNC's lossless refresh of JPEG areas)",
    (f) => f.drainPictureMs,
    ms,
  ),
  {
    label:
      "… the lossless refresh: kB in WebSocket messages; time it needs at the flood's rate; update requests the page sent",
    cell: (median) =>
      `${one(median((f) => f.drainRefreshBytes / 1000))} kB in ${one(median((f) => f.drainRefreshMessages))}; ${ms(
        median((f) => (f.drainRefreshBytes * 1000) / f.flood.bytesPerSecond),
      )}; ${one(median((f) => f.drainUpdateRequests))}`,
  },
  figure('typing into a second window during a flood, p50', (f) => percentile(f.keyDuringFlood, 0.5), ms),
  figure('30 fps photo-like motion: frames drawn per second', (f) => f.motion.pageFps, one),
  figure('motion: Mbit/s received by the page', (f) => mbit(f.motion.bytesPerSecond), one),
  figure('motion: capture to paint (video), p50', (f) => percentile(f.motion.captureToPaint, 0.5), ms),
  figure('motion: capture to paint (video), p90', (f) => percentile(f.motion.captureToPaint, 0.9), ms),
  {
    label: 'JPEG quality the page asked for (0–9), flood / motion',
    cell: (median) =>
      (['flood', 'motion'] as const)
        .map((which) => median((f) => f[which].quality ?? Number.NaN))
        .map((level) => (Number.isNaN(level) ? '–' : String(level)))
        .join(' / '),
  },
  cpu('flood CPU s/min: Xvnc / bridge / encoder / page', 'flood'),
  cpu('motion CPU s/min: Xvnc / bridge / encoder / page', 'motion'),
  {
    label: 'bridge CPU per MiB sent, flood / motion',
    cell: (median) =>
      (['flood', 'motion'] as const).map((which) => ms(median((f) => bridgeMsPerMiB(f[which])))).join(' / '),
  },
];

/** `FrameRate=240, CompareFB=2`: the Xvnc settings a stack was measured with. */
function settingsOf(results: readonly StackFigures[], stack: string): string {
  const xvnc = results.find((r) => r.stack === stack)?.xvnc ?? {};
  return Object.entries(xvnc)
    .map(([name, value]) => `${name}=${value}`)
    .join(', ');
}

/**
 * The side-by-side Markdown table the README shows, after a line naming each
 * stack's Xvnc settings: Helios over RFB, Helios in video mode, the plain
 * stack, and the two comparisons the issues ask for (Helios / plain, video / RFB).
 */
export function experienceTable(results: readonly StackFigures[], links: readonly string[]): string {
  // Optional stacks get a column only when measured (HELIOS_BENCH_STACKS).
  const optional = (['auto', 'sharp'] as const).filter((stack) => results.some((r) => r.stack === stack));
  const optionalTitle = { auto: 'Helios auto', sharp: 'Helios ?quality=9' };
  const lines = [
    `Xvnc settings: Helios ${settingsOf(results, 'helios')}; plain ${settingsOf(results, 'plain')} (TigerVNC's defaults).`,
    '',
    `| link | measure | Helios (RFB) | Helios video |${optional.map((stack) => ` ${optionalTitle[stack]} |`).join('')} plain noVNC 1.3 + websockify | Helios / plain | video / RFB |`,
    `| --- | --- | --- | --- |${optional.map(() => ' --- |').join('')} --- | --- | --- |`,
  ];
  const ratio = (a: number, b: number) => (Number.isNaN(a / b) ? '' : (a / b).toFixed(2));
  for (const link of links) {
    const of =
      (stack: Stack): Median =>
      (pick) =>
        medianOf(results, stack, link, pick);
    const helios = of('helios');
    const video = of('video');
    const plain = of('plain');
    for (const row of ROWS) {
      const pick = row.ratioOf;
      const vsPlain = pick === undefined ? '' : ratio(helios(pick), plain(pick));
      const vsRfb = pick === undefined ? '' : ratio(video(pick), helios(pick));
      const optionalCells = optional.map((stack) => ` ${row.cell(of(stack))} |`).join('');
      lines.push(
        `| ${link} | ${row.label} | ${row.cell(helios)} | ${row.cell(video)} |${optionalCells} ${row.cell(plain)} | ${vsPlain} | ${vsRfb} |`,
      );
    }
  }
  return lines.join('\n');
}
