import { describe, expect, it } from 'vitest';
import { BufferPool, ReadBuffers } from './read-buffers.ts';

const KiB = 1024;

describe('ReadBuffers', () => {
  it('copies a short read out and keeps reading into the same buffer', () => {
    const buffers = new ReadBuffers(new BufferPool(64 * KiB));
    const target = buffers.next();
    target.write('hello');
    const chunk = buffers.take(5);
    expect(chunk.toString()).toBe('hello');
    expect(chunk.buffer).not.toBe(target.buffer);
    expect(buffers.next()).toBe(target);
  });

  it('hands a long read over without copying and starts a new buffer', () => {
    const buffers = new ReadBuffers(new BufferPool(64 * KiB));
    const target = buffers.next();
    const chunk = buffers.take(40 * KiB);
    expect(chunk.buffer).toBe(target.buffer);
    expect(chunk.length).toBe(40 * KiB);
    expect(buffers.next()).not.toBe(target);
  });

  it('reads into a handed-over buffer again once it is given back', () => {
    const pool = new BufferPool(64 * KiB);
    const buffers = new ReadBuffers(pool);
    const first = buffers.next();
    const chunk = buffers.take(64 * KiB);
    buffers.give(chunk);
    buffers.give(chunk); // a second return must not put it in the pool twice
    expect(pool.free).toBe(1);
    buffers.take(64 * KiB);
    expect(buffers.next()).toBe(first);
  });

  it('ignores copied chunks given back', () => {
    const pool = new BufferPool(64 * KiB);
    const buffers = new ReadBuffers(pool);
    buffers.give(buffers.take(10));
    expect(pool.free).toBe(0);
  });
});

describe('BufferPool', () => {
  it('keeps no more free buffers than its byte bound', () => {
    const pool = new BufferPool(64 * KiB, 128 * KiB);
    for (let i = 0; i < 5; i++) pool.put(Buffer.allocUnsafeSlow(64 * KiB));
    expect(pool.free).toBe(2);
  });

  it('throws if the buffer size is below 64 KiB', () => {
    expect(() => new BufferPool(1000)).toThrow(
      new RangeError('BufferPool size: expected an integer >= 65536, received 1000'),
    );
  });
});
