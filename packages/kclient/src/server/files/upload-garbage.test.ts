import { describe, expect, it } from 'vitest';
import { noteUploadBytes } from './upload-garbage.ts';

describe('noteUploadBytes', () => {
  it('collects young garbage as uploads stream, without exposing gc to the gateway itself', () => {
    const before = (globalThis as { gc?: unknown }).gc;
    for (let i = 0; i < 4; i++) noteUploadBytes(8 << 20);
    expect((globalThis as { gc?: unknown }).gc).toBe(before);
  });
});
