import { describe, expect, it } from 'vitest';
import { MessageRate, parsePageMessage, statusMessage } from './video-messages.ts';

describe('parsePageMessage', () => {
  it('accepts the keyframe request and the report', () => {
    expect(parsePageMessage('{"type":"keyframe"}')).toEqual({ type: 'keyframe' });
    expect(
      parsePageMessage('{"type":"report","receivedBytes":1200,"decodedFrames":30,"decodeQueue":1}'),
    ).toEqual({
      type: 'report',
      receivedBytes: 1200,
      decodedFrames: 30,
      decodeQueue: 1,
    });
  });

  it('says what is wrong with anything else', () => {
    expect(parsePageMessage('hello')).toEqual({ problem: 'text message is not JSON' });
    expect(parsePageMessage('{"type":"keyframe","x":1}')).toHaveProperty('problem');
    expect(
      parsePageMessage('{"type":"report","receivedBytes":-1,"decodedFrames":0,"decodeQueue":0}'),
    ).toEqual({
      problem: expect.stringContaining('receivedBytes:'),
    });
    expect(parsePageMessage('{"type":"bitrate","kbps":99999}')).toHaveProperty('problem');
    expect(parsePageMessage(JSON.stringify({ type: 'keyframe', pad: 'x'.repeat(1100) }))).toEqual({
      problem: 'text message of 1128 bytes (expected at most 1024)',
    });
  });
});

describe('statusMessage', () => {
  it('writes the status JSON, with a reason only when there is one', () => {
    expect(JSON.parse(statusMessage('running'))).toEqual({ type: 'status', state: 'running' });
    expect(JSON.parse(statusMessage('unavailable', 'no encoder'))).toEqual({
      type: 'status',
      state: 'unavailable',
      reason: 'no encoder',
    });
  });
});

describe('MessageRate', () => {
  it('allows 50 messages in any second and refuses the 51st', () => {
    const rate = new MessageRate(50);
    for (let i = 0; i < 50; i++) expect(rate.allow(1000 + i * 10)).toBe(true);
    expect(rate.allow(1499)).toBe(false);
  });

  it('forgets messages older than a second (two reports a second go on forever)', () => {
    const rate = new MessageRate(50);
    for (let t = 0; t < 60_000; t += 500) expect(rate.allow(t)).toBe(true);
    for (let i = 0; i < 50; i++) rate.allow(100_000 + i);
    expect(rate.allow(101_000)).toBe(true);
  });
});
