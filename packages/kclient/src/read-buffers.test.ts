import { describe, expect, it } from 'vitest';
import { ReadBuffers } from './read-buffers.ts';

describe('ReadBuffers', () => {
  it('copies a short read out and keeps reading into the same buffer', () => {
    const buffers = new ReadBuffers(1024, 256);
    const target = buffers.next();
    target.write('hello');
    const chunk = buffers.take(5);
    expect(chunk.toString()).toBe('hello');
    expect(chunk.buffer).not.toBe(target.buffer);
    expect(buffers.next()).toBe(target);
  });

  it('hands a long read over without copying and starts a new buffer', () => {
    const buffers = new ReadBuffers(1024, 256);
    const target = buffers.next();
    const chunk = buffers.take(600);
    expect(chunk.buffer).toBe(target.buffer);
    expect(chunk.length).toBe(600);
    expect(buffers.next()).not.toBe(target);
  });
});
