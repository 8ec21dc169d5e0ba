import { describe, expect, it } from 'vitest';
import { EncoderFraming, encodeRecord, FRAME_HEADER_BYTES, MAX_PAYLOAD_BYTES } from './encoder-framing.ts';

const sps = Buffer.from([0, 0, 0, 1, 0x67, 0x42, 0xc0, 0x1f]);
const record = (frameNumber: number, keyframe: boolean, payload: Buffer = sps) =>
  encodeRecord({
    keyframe,
    width: 1024,
    height: 768,
    frameNumber,
    captureUs: 1_764_480_000_123_456,
    payload,
  });

describe('EncoderFraming', () => {
  it('turns each record into a frame message: type 1, the header fields, the access unit', () => {
    const [frame] = new EncoderFraming().push(record(7, true));
    expect(frame).toMatchObject({
      keyframe: true,
      width: 1024,
      height: 768,
      frameNumber: 7,
      captureUs: 1_764_480_000_123_456,
    });
    const message = frame?.message as Buffer;
    expect(message.length).toBe(FRAME_HEADER_BYTES + sps.length);
    expect([...message.subarray(0, 6)]).toEqual([1, 1, 0x04, 0x00, 0x03, 0x00]);
    expect(message.readUInt32BE(6)).toBe(7);
    expect(message.readBigUInt64BE(10)).toBe(1_764_480_000_123_456n);
    expect(message.subarray(FRAME_HEADER_BYTES).equals(sps)).toBe(true);
  });

  it('finds the same frames whatever the chunking, one byte at a time included', () => {
    const payloads = [Buffer.alloc(0), Buffer.alloc(3, 7), Buffer.alloc(5000, 9)];
    const stream = Buffer.concat(payloads.map((payload, i) => record(i, i === 0, payload)));
    for (const size of [1, 2, 20, 21, 22, 4999, stream.length]) {
      const framing = new EncoderFraming();
      const frames = [];
      for (let i = 0; i < stream.length; i += size)
        frames.push(...framing.push(stream.subarray(i, i + size)));
      expect(frames.map((frame) => [frame.frameNumber, frame.keyframe, frame.message.length])).toEqual([
        [0, true, 18],
        [1, false, 21],
        [2, false, 5018],
      ]);
      expect(framing.buffered).toBe(0);
    }
  });

  it('holds a partial record until the rest arrives, and forgets it on reset', () => {
    const framing = new EncoderFraming();
    const bytes = record(1, false);
    expect(framing.push(bytes.subarray(0, 10))).toEqual([]);
    expect(framing.buffered).toBe(10);
    framing.reset();
    expect(framing.push(record(2, true)).map((frame) => frame.frameNumber)).toEqual([2]);
  });

  it('refuses a stream whose record length is absurd (not the encoder talking)', () => {
    const bad = Buffer.alloc(21);
    bad.writeUInt32BE(MAX_PAYLOAD_BYTES + 1, 0);
    expect(() => new EncoderFraming().push(bad)).toThrow(
      expect.objectContaining({ code: 'HELIOS_KCLIENT_VIDEO_ENCODER' }),
    );
  });
});
