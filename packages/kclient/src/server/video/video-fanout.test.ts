import { describe, expect, it } from 'vitest';
import { type EncodedFrame, EncoderFraming, encodeRecord } from './encoder-framing.ts';
import { VideoFanout } from './video-fanout.ts';

class FakeViewer {
  bufferedAmount = 0;
  readonly got: number[] = [];
  send(message: Buffer) {
    this.got.push(message.readUInt32BE(6));
  }
}

const frame = (frameNumber: number, keyframe = false, size = 100): EncodedFrame => {
  const record = encodeRecord({
    keyframe,
    width: 64,
    height: 48,
    frameNumber,
    captureUs: 0,
    payload: Buffer.alloc(size),
  });
  return new EncoderFraming().push(record)[0] as EncodedFrame;
};

describe('VideoFanout', () => {
  it('says when the first viewer arrives and the last one leaves', () => {
    const fanout = new VideoFanout<FakeViewer>();
    const a = new FakeViewer();
    const b = new FakeViewer();
    expect(fanout.add(a)).toBe(true);
    expect(fanout.add(b)).toBe(false);
    expect(fanout.remove(a)).toBe(false);
    expect(fanout.remove(b)).toBe(true);
  });

  it('gives a new viewer nothing until a keyframe, then every frame', () => {
    const fanout = new VideoFanout<FakeViewer>();
    const early = new FakeViewer();
    fanout.add(early);
    fanout.broadcast(frame(1, true));
    fanout.broadcast(frame(2));
    const late = new FakeViewer();
    fanout.add(late);
    expect(fanout.broadcast(frame(3))).toMatchObject({ sent: 1, dropped: 0 });
    fanout.broadcast(frame(4, true));
    fanout.broadcast(frame(5));
    expect(early.got).toEqual([1, 2, 3, 4, 5]);
    expect(late.got).toEqual([4, 5]);
    expect(fanout.phase(late)).toBe('streaming');
  });

  it('lets a slow viewer skip frames until the next keyframe, without holding back the others', () => {
    const fanout = new VideoFanout<FakeViewer>({ maxBufferedBytes: 1000 });
    const fast = new FakeViewer();
    const slow = new FakeViewer();
    fanout.add(fast);
    fanout.add(slow);
    fanout.broadcast(frame(1, true));
    slow.bufferedAmount = 5000;
    expect(fanout.broadcast(frame(2))).toMatchObject({ sent: 1, dropped: 1, wantKeyframe: false });
    slow.bufferedAmount = 0;
    // Its queue drained, but a delta frame would not decode: it waits and wants a keyframe.
    expect(fanout.broadcast(frame(3))).toMatchObject({ sent: 1, dropped: 1, wantKeyframe: true });
    expect(fanout.broadcast(frame(4, true))).toMatchObject({ sent: 2, dropped: 0 });
    fanout.broadcast(frame(5));
    expect(fast.got).toEqual([1, 2, 3, 4, 5]);
    expect(slow.got).toEqual([1, 4, 5]);
    expect(fanout.stats(slow)).toEqual({ frames: 3, dropped: 2, bytes: 3 * 118 });
  });

  it('caps the encoder at the slowest viewer, and lifts the cap when it leaves', () => {
    const fanout = new VideoFanout<FakeViewer>();
    const fast = new FakeViewer();
    const slow = new FakeViewer();
    fanout.add(fast);
    fanout.add(slow);
    expect(fanout.capKbps()).toBe(4000);
    let received = 0;
    for (let t = 500; t <= 2000; t += 500) {
      fanout.broadcast(frame(t, true, 250_000 - 18));
      received += 62_500; // 1 Mbit/s of a 4 Mbit/s stream
      fanout.report(slow, t, received, 4000);
    }
    expect(fanout.capKbps()).toBe(800);
    fanout.remove(slow);
    expect(fanout.capKbps()).toBe(4000);
  });
});
