/**
 * Which lines of a container's log are errors (pure). helios-init prefixes
 * every line with its source (`[helios-init] …`, `[kclient] {json}`,
 * `[xvnc] …`); after that prefix a line is an error when it is
 *
 * - a JSON log record (the gateway's pino lines) with `level` 50 (error) or
 *   more (fatal);
 * - helios-init reporting a service that crashed, gave up, missed its
 *   readiness deadline, or a state file it could not write;
 * - a line whose level word is ERROR, FATAL or CRITICAL (upper case, as
 *   loggers print levels; GLib's `-CRITICAL **`), or PulseAudio's `E: `;
 * - the first line of a stack trace (a run of `    at …` lines counts once,
 *   reported with the line before it, which names the error).
 *
 * Warnings (`level` 40, GLib `-WARNING`, PulseAudio `W: `) are not errors.
 */

const PREFIX = /^\[[^\]]{1,64}\] /;
const INIT_TROUBLE =
  /^\[helios-init\] .*(exited unexpectedly|giving up|not ready within|cannot write|failed to start)/;
const LEVEL_WORD = /(^|[\s:[(-])(ERROR|FATAL|CRITICAL)(\b|\s|:|\])/;
const PULSE_ERROR = /^E: \[/;
const STACK_FRAME = /^\s+at (?:.+ \()?(?:[^()\s]+:\d+:\d+|native|<anonymous>)\)?$/;

function jsonLevel(text: string): number | undefined {
  if (!text.startsWith('{')) return undefined;
  try {
    const record: unknown = JSON.parse(text);
    if (typeof record === 'object' && record !== null && 'level' in record) {
      const level = (record as { level: unknown }).level;
      if (typeof level === 'number') return level;
      if (typeof level === 'string') return { error: 50, fatal: 60 }[level] ?? 0;
    }
  } catch {}
  return undefined;
}

/** The error lines of `log` by the rule above, in order. */
export function errorLines(log: string): string[] {
  const lines = log.split('\n');
  const errors: string[] = [];
  for (const [index, line] of lines.entries()) {
    const text = line.replace(PREFIX, '');
    if (STACK_FRAME.test(text)) {
      const previous = lines[index - 1]?.replace(PREFIX, '') ?? '';
      if (!STACK_FRAME.test(previous)) errors.push(`${previous}\n${line}`.trim());
      continue;
    }
    const level = jsonLevel(text);
    if (level !== undefined) {
      if (level >= 50) errors.push(line);
      continue;
    }
    if (INIT_TROUBLE.test(line) || LEVEL_WORD.test(text) || PULSE_ERROR.test(text)) errors.push(line);
  }
  return errors;
}
