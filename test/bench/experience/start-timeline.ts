/**
 * The start timeline: from `docker run` to the first desktop frame in a page,
 * with init's own events in between (each service started and ready). Times
 * are milliseconds after `docker run` was called, on the host's clock;
 * `docker logs --timestamps` stamps init's lines with the same clock.
 */

/** One moment of a start, in ms after `docker run` was called. */
export interface StartEvent {
  readonly label: string;
  readonly atMs: number;
}

const SERVICE_EVENT = /^(\S+) \[helios-init\] ([\w.-]+): (started|ready)\b/;

/** Milliseconds since the epoch of a Docker RFC 3339 timestamp (nanoseconds cut to ms). */
export function dockerTimestampMs(stamp: string): number {
  const match = stamp.match(/^(.*T\d\d:\d\d:\d\d)(\.\d+)?Z$/);
  if (match === null) throw new Error(`not a Docker timestamp: "${stamp}"`);
  const fraction = (match[2] ?? '.0').slice(1, 4).padEnd(3, '0');
  return Date.parse(`${match[1]}.${fraction}Z`);
}

/**
 * Init's part of the timeline from `docker logs --timestamps`: its first line,
 * and the first `started` and `ready` of every service, in log order. Later
 * events of a service (restarts) belong to another story and are left out.
 */
export function initEvents(timestampedLogs: string, dockerRunAtMs: number): StartEvent[] {
  const events: StartEvent[] = [];
  const seen = new Set<string>();
  for (const line of timestampedLogs.split('\n')) {
    if (events.length === 0 && line.includes(' [helios-init] ')) {
      events.push({ label: 'init: first log line', atMs: at(line.split(' ')[0] as string) });
    }
    const match = line.match(SERVICE_EVENT);
    if (match === null) continue;
    const [, stamp, service, what] = match as unknown as [string, string, string, string];
    const label = `${service}: ${what}`;
    if (seen.has(label)) continue;
    seen.add(label);
    events.push({ label, atMs: at(stamp) });
  }
  return events;

  function at(stamp: string): number {
    return dockerTimestampMs(stamp) - dockerRunAtMs;
  }
}

/** Median of each event over several starts, in the order of the first start. */
export function medianTimeline(starts: readonly (readonly StartEvent[])[]): StartEvent[] {
  const labels = starts[0]?.map((event) => event.label) ?? [];
  return labels.map((label) => {
    const values = starts
      .map((events) => events.find((event) => event.label === label)?.atMs)
      .filter((value): value is number => value !== undefined)
      .sort((a, b) => a - b);
    return { label, atMs: values[Math.floor(values.length / 2)] ?? Number.NaN };
  });
}

/** The timeline as a Markdown table, with the two targets marked. */
export function startTable(events: readonly StartEvent[], runs: number): string {
  const targets: Record<string, string> = {
    '/health 200': '≤ 1500 ms',
    'first desktop frame in the page': '≤ 2000 ms',
  };
  const lines = [
    `| start, median of ${runs} runs | ms after \`docker run\` | target |`,
    '| --- | --- | --- |',
    ...[...events]
      .sort((a, b) => a.atMs - b.atMs)
      .map((event) => `| ${event.label} | ${event.atMs.toFixed(0)} | ${targets[event.label] ?? ''} |`),
  ];
  return lines.join('\n');
}
