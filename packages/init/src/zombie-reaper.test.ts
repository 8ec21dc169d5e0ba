import { describe, expect, it } from 'vitest';
import { parseProcStat } from './zombie-reaper.ts';

describe('parseProcStat', () => {
  it('reads state, parent, process group and a command name holding spaces and parentheses', () => {
    expect(parseProcStat('1234 (my (odd) cmd) S 1 1200 1200 0 -1 4194560')).toEqual({
      state: 'S',
      ppid: 1,
      pgid: 1200,
      name: 'my (odd) cmd',
    });
  });

  it('rejects text that is not a stat line', () => {
    expect(parseProcStat('garbage')).toBeUndefined();
  });
});
