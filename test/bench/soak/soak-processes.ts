/**
 * Reads resident memory (VmRSS), private memory (RssAnon) and open
 * descriptors of the five watched processes inside the container: one `ps`
 * and one `sh` per sample, both through `docker exec` as root (so it works
 * whether or not the benchmark itself may read the host's /proc).
 */
import { type DesktopContainer, docker } from '../../support/container.ts';
import { processTable } from '../chaos/init-state.ts';
import { type ProcessReading, SOAK_PROCESSES, type SoakProcess, type SoakSample } from './soak-samples.ts';

/**
 * How each process is found in the container's process table. The session
 * is xfce4-session itself (its main process), not the dbus-run-session
 * wrapper in front of it nor the rest of its process group.
 */
const COMMAND: Record<Exclude<SoakProcess, 'helios-init'>, RegExp> = {
  gateway: /helios-kclient\.mjs/,
  Xvnc: /^(\S*\/)?Xvnc /,
  pulseaudio: /^(\S*\/)?pulseaudio /,
  session: /^(\S*\/)?xfce4-session( |$)/,
};

/**
 * Parses `pid rssKiB privateKiB fds` lines; a line lacking a number (the
 * process just went, and its status file with it) is left out.
 */
export function parseReadings(output: string): Map<number, ProcessReading> {
  const readings = new Map<number, ProcessReading>();
  for (const line of output.split('\n')) {
    const match = line.trim().match(/^(\d+) (\d+) (\d+) (\d+)$/);
    if (match)
      readings.set(Number(match[1]), {
        pid: Number(match[1]),
        rssKiB: Number(match[2]),
        privateKiB: Number(match[3]),
        fds: Number(match[4]),
      });
  }
  return readings;
}

/**
 * The `sh` line that prints `pid rssKiB privateKiB fds` for each pid, both
 * memory figures from one read of the status file. awk prints both or
 * neither (a process that went has no status file, a zombie no memory
 * lines), so such a process's line lacks numbers and is left out.
 */
export function readingsScript(pids: readonly number[]): string {
  const memory =
    '/^VmRSS:/ {rss = $2} /^RssAnon:/ {anon = $2} END {if (rss != "" && anon != "") print rss, anon}';
  return pids
    .map(
      (pid) =>
        `echo "${pid} $(awk '${memory}' /proc/${pid}/status 2>/dev/null) $(ls /proc/${pid}/fd 2>/dev/null | wc -l)"`,
    )
    .join('; ');
}

/** One sample of every watched process that is running. */
export async function readSoakProcesses(container: DesktopContainer): Promise<SoakSample['processes']> {
  const rows = (await processTable(container)).filter((row) => !row.stat.startsWith('Z'));
  const pids: [SoakProcess, number][] = [['helios-init', 1]];
  for (const process of SOAK_PROCESSES) {
    if (process === 'helios-init') continue;
    const row = rows.find((candidate) => COMMAND[process].test(candidate.args));
    if (row) pids.push([process, row.pid]);
  }
  const script = readingsScript(pids.map(([, pid]) => pid));
  const readings = parseReadings(await docker('exec', container.name, 'sh', '-c', script));
  const processes: Partial<Record<SoakProcess, ProcessReading>> = {};
  for (const [process, pid] of pids) {
    const reading = readings.get(pid);
    if (reading) processes[process] = reading;
  }
  return processes;
}
