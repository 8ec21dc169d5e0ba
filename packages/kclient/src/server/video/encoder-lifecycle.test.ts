import { describe, expect, it } from 'vitest';
import { type EncoderExit, MAX_FAILED_STARTS, planAfterExit } from './encoder-lifecycle.ts';

const exit = (fields: Partial<EncoderExit>): EncoderExit => ({
  code: 0,
  signal: null,
  producedFrames: true,
  stopRequested: false,
  stderrTail: '',
  ...fields,
});

describe('planAfterExit', () => {
  it('goes idle when nobody watches any more', () => {
    expect(planAfterExit(exit({ stopRequested: true }), { viewers: 0, failures: 0 })).toEqual({
      kind: 'idle',
    });
  });

  it('starts again at once when a viewer came back while it was stopping', () => {
    expect(planAfterExit(exit({ stopRequested: true }), { viewers: 1, failures: 0 })).toEqual({
      kind: 'start',
    });
  });

  it('restarts a crashed encoder with growing backoff, from the bottom after it delivered frames', () => {
    const crash = exit({ code: null, signal: 'SIGSEGV', producedFrames: true });
    expect(planAfterExit(crash, { viewers: 2, failures: 3 })).toMatchObject({
      kind: 'restart',
      delayMs: 250,
      failures: 0,
      reason: 'killed by SIGSEGV',
    });
    const early = exit({ code: 3, producedFrames: false, stderrTail: 'cannot open display :9' });
    expect(planAfterExit(early, { viewers: 1, failures: 0 })).toMatchObject({ delayMs: 500, failures: 1 });
    expect(planAfterExit(early, { viewers: 1, failures: 3 })).toMatchObject({ delayMs: 4000, failures: 4 });
  });

  it('gives up after repeated failed starts', () => {
    const early = exit({ code: 3, producedFrames: false });
    expect(planAfterExit(early, { viewers: 1, failures: MAX_FAILED_STARTS - 1 })).toEqual({
      kind: 'unavailable',
      reason: `encoder failed ${MAX_FAILED_STARTS} times in a row: exited with 3`,
    });
  });

  it('makes video unavailable when the encoder cannot work at all', () => {
    expect(planAfterExit(exit({ spawnError: '/x: ENOENT', code: -2 }), { viewers: 1, failures: 0 })).toEqual({
      kind: 'unavailable',
      reason: 'cannot run the encoder: /x: ENOENT',
    });
    expect(planAfterExit(exit({ code: 4, stderrTail: 'no MIT-SHM' }), { viewers: 1, failures: 0 })).toEqual({
      kind: 'unavailable',
      reason: 'encoder exited with 4 (the X server lacks MIT-SHM or DAMAGE): no MIT-SHM',
    });
  });
});
