import { describe, expect, it } from 'vitest';
import { PlayoutSchedule } from './playout-schedule.ts';

const CHUNK = 0.02;

/** Start times (ms, rounded) of `count` chunks arriving at once when the clock reads `now`; `null` = dropped. */
function burst(schedule: PlayoutSchedule, now: number, count: number): (number | null)[] {
  return Array.from({ length: count }, () => {
    const decision = schedule.place(now, CHUNK);
    return decision.play ? Math.round(decision.at * 1000) : null;
  });
}

describe('PlayoutSchedule', () => {
  it('starts the first chunk the target ahead of the clock and queues the next ones back to back', () => {
    const schedule = new PlayoutSchedule({ targetMs: 60, maxMs: 150 });
    expect(burst(schedule, 1, 3)).toEqual([1060, 1080, 1100]);
    expect(schedule.stats(1)).toEqual({ bufferedMs: 120, underruns: 0, droppedMs: 0 });
  });

  it('keeps a steady lead at the target for audio arriving in real time', () => {
    const schedule = new PlayoutSchedule({ targetMs: 60, maxMs: 150 });
    for (let i = 0; i < 500; i++) schedule.place(i * CHUNK, CHUNK);
    expect(schedule.stats(499 * CHUNK)).toEqual({ bufferedMs: 80, underruns: 0, droppedMs: 0 });
  });

  it('counts an underrun after a stall and restarts the target ahead of the clock, not in the past', () => {
    const schedule = new PlayoutSchedule({ targetMs: 60, maxMs: 150 });
    burst(schedule, 0, 2);
    // Queued until 100 ms; the next chunk arrives at 300 ms.
    expect(burst(schedule, 0.3, 1)).toEqual([360]);
    expect(schedule.stats(0.3).underruns).toBe(1);
  });

  it('treats a chunk that would start within the guard as late', () => {
    const schedule = new PlayoutSchedule({ targetMs: 60, maxMs: 150, guardMs: 10 });
    burst(schedule, 0, 1);
    // Queued until 80 ms; at 75 ms only 5 ms of lead is left.
    expect(burst(schedule, 0.075, 1)).toEqual([135]);
    expect(schedule.stats(0.075).underruns).toBe(1);
  });

  it('drops a burst beyond the maximum, then plays again once the lead is back at the target', () => {
    const schedule = new PlayoutSchedule({ targetMs: 60, maxMs: 150 });
    expect(burst(schedule, 0, 8)).toEqual([60, 80, 100, 120, null, null, null, null]);
    expect(schedule.stats(0)).toEqual({ bufferedMs: 140, underruns: 0, droppedMs: 80 });
    // 40 ms later the lead is 100 ms: still above the target, still draining.
    expect(burst(schedule, 0.04, 1)).toEqual([null]);
    // 80 ms later it is 60 ms: playback continues seamlessly.
    expect(burst(schedule, 0.08, 1)).toEqual([140]);
    expect(schedule.stats(0.08)).toEqual({ bufferedMs: 80, underruns: 0, droppedMs: 100 });
  });
});
