import { describe, expect, it } from 'vitest';
import { hasProcess, IllegalTransitionError, nextState } from './service-state.ts';

describe('nextState', () => {
  it('follows the happy path starting -> ready -> stopping -> exited', () => {
    let state = nextState('s', 'pending', 'spawn');
    expect(state).toBe('starting');
    state = nextState('s', state, 'ready');
    expect(state).toBe('ready');
    state = nextState('s', state, 'stop');
    expect(state).toBe('stopping');
    expect(nextState('s', state, 'exit')).toBe('exited');
  });

  it('goes through backoff after a crash and back to pending', () => {
    expect(nextState('s', 'ready', 'crash')).toBe('backoff');
    expect(nextState('s', 'backoff', 'retry')).toBe('pending');
  });

  it('never leaves failed', () => {
    expect(() => nextState('xvnc', 'failed', 'retry')).toThrow(
      new IllegalTransitionError('xvnc', 'failed', 'retry'),
    );
  });

  it('refuses to become ready without starting', () => {
    expect(() => nextState('s', 'pending', 'ready')).toThrow(
      'service s: event ready is not allowed in state pending',
    );
  });

  it('knows which states have a process', () => {
    expect(['starting', 'ready', 'stopping'].every((s) => hasProcess(s as never))).toBe(true);
    expect(['pending', 'backoff', 'exited', 'failed'].some((s) => hasProcess(s as never))).toBe(false);
  });
});
