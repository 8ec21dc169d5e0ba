import { existsSync, readFileSync } from 'node:fs';

/**
 * CPU time a container has used so far, in ms, from its cgroup (every
 * process it ever ran, exited ones included), or undefined where this host
 * keeps it elsewhere. cgroup v1 (`cpuacct.usage`, ns) and v2 (`cpu.stat`
 * `usage_usec`, under the systemd or cgroupfs driver) are both read.
 */
export function containerCpuMs(containerId: string): number | undefined {
  const v1 = `/sys/fs/cgroup/cpuacct/docker/${containerId}/cpuacct.usage`;
  if (existsSync(v1)) return Number(readFileSync(v1, 'utf8')) / 1e6;
  for (const dir of [
    `/sys/fs/cgroup/system.slice/docker-${containerId}.scope`,
    `/sys/fs/cgroup/docker/${containerId}`,
  ]) {
    const stat = `${dir}/cpu.stat`;
    if (!existsSync(stat)) continue;
    const usage = readFileSync(stat, 'utf8').match(/^usage_usec (\d+)$/m);
    if (usage) return Number(usage[1]) / 1000;
  }
  return undefined;
}
