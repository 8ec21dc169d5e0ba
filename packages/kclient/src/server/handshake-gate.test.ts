import { describe, expect, it } from 'vitest';
import { HandshakeGate } from './handshake-gate.ts';

describe('HandshakeGate', () => {
  it('lets `limit` handshakes run and queues the rest in order', async () => {
    const gate = new HandshakeGate(2, 60_000);
    const order: number[] = [];
    const first = await gate.acquire();
    const second = await gate.acquire();
    const third = gate.acquire().then((release) => {
      order.push(3);
      return release;
    });
    const fourth = gate.acquire().then((release) => {
      order.push(4);
      return release;
    });
    await Promise.resolve();
    expect([gate.active, gate.queued, order]).toEqual([2, 2, []]);
    first();
    first();
    (await third)();
    second();
    (await fourth)();
    expect(order).toEqual([3, 4]);
    expect([gate.active, gate.queued]).toEqual([0, 0]);
  });

  it('gives a slot back on its own after the timeout', async () => {
    const gate = new HandshakeGate(1, 20);
    await gate.acquire();
    const next = await gate.acquire();
    expect(gate.active).toBe(1);
    next();
    expect(gate.active).toBe(0);
  });
});
