import { describe, expect, it } from 'vitest';
import { describeLeftovers, leftBehind, summarizeCommands } from './hook-leftovers.ts';
import type { ProcessEntry } from './process-tree.ts';

const proc = (pid: number, ppid: number, pgid: number, name = 'sleep', state = 'S'): ProcessEntry => ({
  pid,
  ppid,
  pgid,
  name,
  state,
});

describe('leftBehind', () => {
  // init is pid 1; the hook was pid 50 and its group 50.
  const query = {
    init: 1,
    hookPid: 50,
    childrenBefore: new Set([10, 20]),
    isOwned: (pid: number) => pid === 30,
    groupKilled: false,
  };

  it('finds the rest of the hook group, setsid orphans and what runs below them', () => {
    const table = [
      proc(10, 1, 10, 'node'), // a service leader from before
      proc(20, 1, 20, 'dbus-daemon'), // an orphan from before the hook
      proc(30, 1, 30, 'Xvnc'), // a child Node spawned while the hook ran
      proc(51, 1, 50), // `sleep &` in the hook
      proc(52, 1, 52), // `setsid sleep &`
      proc(53, 52, 52, 'sh'), // below the setsid one
      proc(54, 1, 50, 'sleep', 'Z'), // already dead
      proc(60, 10, 10, 'bash'), // a service's own child
    ];
    expect(leftBehind(table, query).map((entry) => entry.pid)).toEqual([51, 52, 53]);
  });

  it('leaves the killed group out after a timeout', () => {
    const table = [proc(51, 1, 50), proc(52, 1, 52)];
    expect(leftBehind(table, { ...query, groupKilled: true }).map((entry) => entry.pid)).toEqual([52]);
  });
});

describe('summarizeCommands', () => {
  it('counts commands, most frequent first, and elides the rest', () => {
    const entries = [
      ...Array.from({ length: 98 }, (_, i) => proc(100 + i, 1, 1)),
      proc(300, 1, 1, 'sh'),
      proc(301, 1, 1, 'sh'),
      proc(302, 1, 1, 'yes'),
      proc(303, 1, 1, 'cat'),
    ];
    expect(summarizeCommands(entries)).toBe('sleep ×98, sh ×2, cat ×1, …');
  });
});

describe('describeLeftovers', () => {
  it('says nothing when the hook left nothing', () => {
    expect(describeLeftovers([])).toBe('');
  });

  it('says how many processes kept running, which, and where they belong instead', () => {
    expect(describeLeftovers([proc(51, 1, 50)])).toBe(
      '; left 1 process running (sleep ×1), unsupervised until the container stops ' +
        '(put programs that should keep running in services.d)',
    );
  });
});
