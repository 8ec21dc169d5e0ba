/**
 * A small SVG line chart of the soak samples (pure, hand-written: no chart
 * dependency for three panels of lines). Top: resident memory (VmRSS) in MiB
 * per process; middle: private memory (RssAnon) in MiB, the one the slope
 * target is judged on; bottom: open file descriptors; x: minutes since the
 * start, the end of the warm-up marked with a dashed line.
 */
import { SOAK_PROCESSES, type SoakProcess, type SoakSample } from './soak-samples.ts';

const WIDTH = 760;
const PANEL_HEIGHT = 200;
const MARGIN = { left: 56, right: 130, top: 28, bottom: 34 };
const COLOURS: Record<SoakProcess, string> = {
  'helios-init': '#1f77b4',
  gateway: '#d62728',
  Xvnc: '#2ca02c',
  pulseaudio: '#9467bd',
  session: '#ff7f0e',
};

/** Round tick values from `min` up to the first one at or above `max`, about `count` steps. */
export function niceTicks(min: number, max: number, count = 5): number[] {
  if (!(max > min)) return [min];
  const rough = (max - min) / count;
  const magnitude = 10 ** Math.floor(Math.log10(rough));
  const step = ([1, 2, 2.5, 5, 10].find((factor) => factor * magnitude >= rough) ?? 10) * magnitude;
  const ticks: number[] = [];
  const last = Math.ceil(max / step - 1e-9) * step;
  for (let tick = Math.floor(min / step) * step; tick <= last + step * 1e-9; tick += step) {
    ticks.push(Number(tick.toPrecision(12)));
  }
  return ticks;
}

const escapeXml = (text: string) =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

interface Panel {
  readonly title: string;
  readonly value: (sample: SoakSample, process: SoakProcess) => number | undefined;
}

function panel(
  samples: readonly SoakSample[],
  spec: Panel,
  top: number,
  xMaxMin: number,
  warmupMin: number,
): string {
  const values = samples.flatMap((sample) =>
    SOAK_PROCESSES.flatMap((process) => {
      const value = spec.value(sample, process);
      return value === undefined ? [] : [value];
    }),
  );
  const yTicks = niceTicks(0, Math.max(1, ...values));
  const yMax = yTicks.at(-1) ?? 1;
  const plotWidth = WIDTH - MARGIN.left - MARGIN.right;
  const plotHeight = PANEL_HEIGHT - MARGIN.top - MARGIN.bottom;
  const x = (minutes: number) => MARGIN.left + (minutes / xMaxMin) * plotWidth;
  const y = (value: number) => top + MARGIN.top + plotHeight - (value / yMax) * plotHeight;
  const parts = [
    `<text x="${MARGIN.left}" y="${top + 18}" font-weight="bold">${escapeXml(spec.title)}</text>`,
    `<rect x="${MARGIN.left}" y="${top + MARGIN.top}" width="${plotWidth}" height="${plotHeight}" fill="none" stroke="#999"/>`,
  ];
  for (const tick of yTicks) {
    parts.push(
      `<line x1="${MARGIN.left}" x2="${MARGIN.left + plotWidth}" y1="${y(tick).toFixed(1)}" y2="${y(tick).toFixed(1)}" stroke="#eee"/>`,
      `<text x="${MARGIN.left - 6}" y="${(y(tick) + 4).toFixed(1)}" text-anchor="end">${tick}</text>`,
    );
  }
  for (const tick of niceTicks(0, xMaxMin).filter((minutes) => minutes <= xMaxMin)) {
    parts.push(
      `<text x="${x(tick).toFixed(1)}" y="${top + PANEL_HEIGHT - MARGIN.bottom + 16}" text-anchor="middle">${tick}</text>`,
    );
  }
  if (warmupMin > 0 && warmupMin < xMaxMin) {
    parts.push(
      `<line x1="${x(warmupMin).toFixed(1)}" x2="${x(warmupMin).toFixed(1)}" y1="${top + MARGIN.top}" y2="${top + MARGIN.top + plotHeight}" stroke="#666" stroke-dasharray="4 4"/>`,
    );
  }
  for (const process of SOAK_PROCESSES) {
    const points = samples.flatMap((sample) => {
      const value = spec.value(sample, process);
      return value === undefined ? [] : [`${x(sample.elapsedMs / 60_000).toFixed(1)},${y(value).toFixed(1)}`];
    });
    if (points.length === 0) continue;
    parts.push(
      `<polyline fill="none" stroke="${COLOURS[process]}" stroke-width="1.5" points="${points.join(' ')}"/>`,
    );
  }
  return parts.join('\n');
}

const mib = (kiB: number | undefined) => (kiB === undefined ? undefined : kiB / 1024);

/** The chart as an SVG document; `title` goes on top (distro, duration). */
export function soakChartSvg(samples: readonly SoakSample[], warmupMs: number, title: string): string {
  const xMaxMin = Math.max(1, ...samples.map((sample) => sample.elapsedMs / 60_000));
  const panels: Panel[] = [
    { title: 'resident memory, VmRSS (MiB)', value: (s, p) => mib(s.processes[p]?.rssKiB) },
    { title: 'private memory, RssAnon (MiB)', value: (s, p) => mib(s.processes[p]?.privateKiB) },
    { title: 'open file descriptors', value: (s, p) => s.processes[p]?.fds },
  ];
  const height = 24 + panels.length * PANEL_HEIGHT + 16;
  const legend = SOAK_PROCESSES.map((process, index) => {
    const ly = 24 + MARGIN.top + 10 + index * 18;
    const lx = WIDTH - MARGIN.right + 12;
    return (
      `<line x1="${lx}" x2="${lx + 18}" y1="${ly}" y2="${ly}" stroke="${COLOURS[process]}" stroke-width="3"/>` +
      `<text x="${lx + 24}" y="${ly + 4}">${process}</text>`
    );
  });
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${height}" viewBox="0 0 ${WIDTH} ${height}" font-family="sans-serif" font-size="11">`,
    `<title>${escapeXml(title)}: resident memory, private memory and open file descriptors per process</title>`,
    `<rect width="${WIDTH}" height="${height}" fill="#fff"/>`,
    `<text x="${MARGIN.left}" y="16" font-size="13">${escapeXml(title)}</text>`,
    ...panels.map((spec, index) =>
      panel(samples, spec, 24 + index * PANEL_HEIGHT, xMaxMin, warmupMs / 60_000),
    ),
    `<text x="${MARGIN.left + (WIDTH - MARGIN.left - MARGIN.right) / 2}" y="${height - 4}" text-anchor="middle">minutes (dashed: end of warm-up)</text>`,
    ...legend,
    '</svg>',
    '',
  ].join('\n');
}
