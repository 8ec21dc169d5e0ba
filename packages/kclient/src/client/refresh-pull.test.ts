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

  it('does not pull while pictures flow: a request would split each frame into many updates', () => {
    const state = arrivals([0, PICTURE, true], [20, PICTURE, true], [40, PIECE, true]);
    expect(shouldPull(state, 45)).toBe(false);
    expect(refreshOwed(state, 45)).toBe(true);
    expect(shouldPull(state, 80)).toBe(true);
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
