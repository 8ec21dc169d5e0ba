import { describe, expect, it } from 'vitest';
import { AudioFanout } from './audio-fanout.ts';

class FakeListener {
  bufferedAmount = 0;
  readonly got: number[] = [];
  send(message: Uint8Array) {
    this.got.push(message[0] ?? -1);
  }
}

describe('AudioFanout', () => {
  it('says when the first listener arrives and the last one leaves', () => {
    const fanout = new AudioFanout<FakeListener>();
    const a = new FakeListener();
    const b = new FakeListener();
    expect(fanout.add(a)).toBe(true);
    expect(fanout.add(b)).toBe(false);
    expect(fanout.add(a)).toBe(false);
    expect(fanout.remove(a)).toBe(false);
    expect(fanout.remove(b)).toBe(true);
    expect(fanout.remove(b)).toBe(false);
  });

  it('sends the same frame to every listener', () => {
    const fanout = new AudioFanout<FakeListener>();
    const listeners = [new FakeListener(), new FakeListener(), new FakeListener()];
    for (const listener of listeners) fanout.add(listener);
    expect(fanout.broadcast(Uint8Array.of(42))).toEqual({ sent: 3, dropped: 0 });
    expect(listeners.map((listener) => listener.got)).toEqual([[42], [42], [42]]);
  });

  it('drops frames for a listener whose queue is full, without holding back the others', () => {
    const fanout = new AudioFanout<FakeListener>(100);
    const fast = new FakeListener();
    const slow = new FakeListener();
    fanout.add(fast);
    fanout.add(slow);
    slow.bufferedAmount = 95;
    expect(fanout.broadcast(new Uint8Array(10).fill(1))).toEqual({ sent: 1, dropped: 1 });
    slow.bufferedAmount = 0;
    expect(fanout.broadcast(new Uint8Array(10).fill(2))).toEqual({ sent: 2, dropped: 0 });
    expect(fast.got).toEqual([1, 2]);
    expect(slow.got).toEqual([2]);
    expect(fanout.stats(slow)).toEqual({ sent: 1, dropped: 1 });
  });
});
