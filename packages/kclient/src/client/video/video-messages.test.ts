import { describe, expect, it } from 'vitest';
import { parseFrameMessage, parseStatusMessage, report } from './video-messages.ts';

function frameMessage(
  fields: { type?: number; flags: number; w: number; h: number; n: number; us: bigint },
  payload: number[],
) {
  const buffer = new ArrayBuffer(18 + payload.length);
  const view = new DataView(buffer);
  view.setUint8(0, fields.type ?? 1);
  view.setUint8(1, fields.flags);
  view.setUint16(2, fields.w);
  view.setUint16(4, fields.h);
  view.setUint32(6, fields.n);
  view.setBigUint64(10, fields.us);
  new Uint8Array(buffer, 18).set(payload);
  return buffer;
}

describe('parseFrameMessage', () => {
  it('reads the big-endian header and leaves the access unit as a view', () => {
    const message = frameMessage(
      { flags: 1, w: 2560, h: 1600, n: 4_000_000_000, us: 1_780_000_000_123_456n },
      [0, 0, 1, 0x65],
    );
    const frame = parseFrameMessage(message);
    expect(frame).toMatchObject({
      keyframe: true,
      width: 2560,
      height: 1600,
      frameNumber: 4_000_000_000,
      captureUs: 1_780_000_000_123_456,
    });
    expect('accessUnit' in frame && [...frame.accessUnit]).toEqual([0, 0, 1, 0x65]);
  });

  it('reads flag bit 0 only as the keyframe flag', () => {
    expect(parseFrameMessage(frameMessage({ flags: 2, w: 8, h: 8, n: 1, us: 1n }, [1]))).toMatchObject({
      keyframe: false,
    });
  });

  it('says what is wrong with a short message or another message type', () => {
    expect(parseFrameMessage(new ArrayBuffer(5))).toEqual({
      problem: 'binary message of 5 bytes (expected at least 18)',
    });
    expect(parseFrameMessage(frameMessage({ type: 9, flags: 0, w: 8, h: 8, n: 1, us: 1n }, []))).toEqual({
      problem: 'message type 9 (expected 1)',
    });
  });
});

describe('parseStatusMessage', () => {
  it('reads the state and the reason', () => {
    expect(parseStatusMessage('{"type":"status","state":"unavailable","reason":"no MIT-SHM"}')).toEqual({
      type: 'status',
      state: 'unavailable',
      reason: 'no MIT-SHM',
    });
  });

  it('refuses garbage and unknown states', () => {
    expect(parseStatusMessage('nope')).toHaveProperty('problem');
    expect(parseStatusMessage('{"type":"status","state":"sleeping"}')).toHaveProperty('problem');
  });
});

describe('report', () => {
  it('is the JSON the gateway expects', () => {
    expect(JSON.parse(report({ receivedBytes: 10, decodedFrames: 2, decodeQueue: 0 }))).toEqual({
      type: 'report',
      receivedBytes: 10,
      decodedFrames: 2,
      decodeQueue: 0,
    });
  });
});
