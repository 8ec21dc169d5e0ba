import { describe, expect, it } from 'vitest';
import { avcCodecString, findSps, nalUnits } from './h264-codec.ts';

/** What x264 (ultrafast, 1280x800) writes before a keyframe: SPS, PPS, SEI-less IDR slice. */
const SPS = [0x67, 0x42, 0xc0, 0x1f, 0xda, 0x01, 0x40, 0x16, 0xe8];
const PPS = [0x68, 0xce, 0x0f, 0xc8];
const IDR = [0x65, 0x88, 0x84, 0x00, 0x33, 0xff];
const keyframe = Uint8Array.from([0, 0, 0, 1, ...SPS, 0, 0, 0, 1, ...PPS, 0, 0, 1, ...IDR]);

describe('nalUnits', () => {
  it('splits at three- and four-byte start codes and drops the start codes', () => {
    expect(nalUnits(keyframe).map((unit) => [...unit])).toEqual([SPS, PPS, IDR]);
  });

  it('finds nothing in bytes without a start code', () => {
    expect(nalUnits(Uint8Array.from([0x65, 0x88, 0, 0, 2]))).toEqual([]);
  });
});

describe('findSps', () => {
  it('returns the sequence parameter set of a keyframe', () => {
    expect([...(findSps(keyframe) ?? [])]).toEqual(SPS);
  });

  it('returns undefined for a frame that only carries a slice', () => {
    expect(findSps(Uint8Array.from([0, 0, 0, 1, 0x41, 0x9a, 0x02]))).toBeUndefined();
  });
});

describe('avcCodecString', () => {
  it('is avc1. with profile, constraint flags and level in upper-case hex', () => {
    expect(avcCodecString(Uint8Array.from(SPS))).toBe('avc1.42C01F');
    expect(avcCodecString(Uint8Array.from([0x67, 0x64, 0x00, 0x33]))).toBe('avc1.640033');
  });
});
