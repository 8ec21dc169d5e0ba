import { describe, expect, it } from 'vitest';
import {
  NO_PULL,
  onArrival,
  type PullState,
  refreshOwed,
  shouldPull,
  updateRequestMessage,
} from './refresh-pull.ts';

/** Messages arriving at these times (ms) with these sizes, lossy or not; the state after them. */
function arrivals(...messages: readonly (readonly [number, number, boolean])[]): PullState {
  return messages.reduce((state, [at, bytes, lossy]) => onArrival(state, at, bytes, lossy), NO_PULL);
}
const PIECE = 1_500;
const PICTURE = 40_000;

describe('pulling the lossless refresh', () => {
  it('pulls once pictures stopped after lossy ones, while pieces keep coming; stops once the stream is quiet', () => {
    const state = arrivals([0, PICTURE, true], [70, PIECE, true], [90, PIECE, true]);
    expect(shouldPull(state, 90)).toBe(true);
    expect(shouldPull(state, 339)).toBe(true);
    expect(shouldPull(state, 340)).toBe(false);
    expect(refreshOwed(state, 340)).toBe(false);
  });

  it('does not pull while pictures flow, however they are cut into messages', () => {
    // A flood through a full link: 5 kB messages every 10 ms (500 kB/s).
    const flood = Array.from({ length: 20 }, (_, i) => [i * 10, 5_000, true] as const);
    const state = arrivals(...flood);
    expect(refreshOwed(state, 195)).toBe(true);
    expect(shouldPull(state, 195)).toBe(false);
    // 60 ms after the last of them the page asks.
    expect(shouldPull(state, 250)).toBe(true);
  });

  it('never pulls for sharp pictures: quality 9 leaves nothing to refresh', () => {
    const state = arrivals([0, PICTURE, false], [100, PIECE, false], [200, PIECE, false]);
    expect(refreshOwed(state, 205)).toBe(false);
  });

  it('after a quiet spell the refresh was done: a sharp message owes none', () => {
    const state = arrivals([0, PIECE, true], [400, PIECE, false]);
    expect(refreshOwed(state, 405)).toBe(false);
    expect(shouldPull(onArrival(state, 410, PIECE, true), 415)).toBe(true);
  });

  it('asks incrementally for the whole framebuffer, as RFB message 3', () => {
    expect([...updateRequestMessage(1280, 800)]).toEqual([3, 1, 0, 0, 0, 0, 0x05, 0x00, 0x03, 0x20]);
  });
});
