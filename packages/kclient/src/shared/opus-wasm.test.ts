import { dominantHz, leftChannel, sine } from '@helios/test-kit/tone';
import { describe, expect, it } from 'vitest';
import { loadOpus } from '../server/audio/opus-loader.ts';
import { FRAME_SAMPLES } from './audio-framing.ts';

/** `frames` Opus frames (20 ms each) of a sine, at the amplitude this test has always used. */
const tone = (hz: number, frames: number): Int16Array => sine(hz, (frames * FRAME_SAMPLES) / 48_000, 12_000);

describe('Opus encoder and decoder (libopus in WebAssembly)', () => {
  it('round-trips a 1 kHz tone: same length, same pitch, well above silence', async () => {
    const opus = await loadOpus();
    const encoder = opus.createEncoder({ bitrate: 128_000 });
    const decoder = opus.createDecoder();
    const input = tone(1000, 50);
    const output = new Int16Array(input.length);
    let bytes = 0;
    for (let frame = 0; frame < 50; frame++) {
      const slice = input.subarray(frame * FRAME_SAMPLES * 2, (frame + 1) * FRAME_SAMPLES * 2);
      const packet = encoder.encode(slice);
      bytes += packet.length;
      expect(packet.length).toBeGreaterThan(0);
      output.set(decoder.decode(packet), frame * FRAME_SAMPLES * 2);
    }
    encoder.free();
    decoder.free();
    // Skip the first frames: the codec's lookahead delays the signal.
    const settled = output.subarray(10 * FRAME_SAMPLES * 2);
    expect(dominantHz(leftChannel(settled))).toBeCloseTo(1000, -1);
    const rms = Math.sqrt(settled.reduce((sum, value) => sum + value * value, 0) / settled.length);
    expect(rms).toBeGreaterThan(5000);
    // 50 frames = 1 s: the bit rate stays near the 128 kbit/s asked for.
    expect((bytes * 8) / 1000).toBeLessThan(160);
  });

  it('throws a clear error for a corrupt packet', async () => {
    const decoder = (await loadOpus()).createDecoder();
    expect(() => decoder.decode(new Uint8Array(3).fill(0xff))).toThrow(/^opus: decode: /);
    decoder.free();
  });

  it('refuses to encode after free()', async () => {
    const encoder = (await loadOpus()).createEncoder();
    encoder.free();
    expect(() => encoder.encode(tone(440, 1))).toThrow('opus: encoder used after free()');
  });
});
