import { describe, expect, it } from 'vitest';
import {
  chooseModeRequest,
  decideMode,
  fallbackReason,
  missingCapability,
  parseModeRequest,
} from './video-mode.ts';

const capable = { secureContext: true, videoDecoder: true, h264: true, gatewayVideo: true };

describe('chooseModeRequest', () => {
  it('uses VNC when neither the link nor the viewer asked for anything', () => {
    expect(chooseModeRequest({ query: null, stored: null })).toBe('vnc');
  });

  it("remembers the viewer's choice, and lets ?mode= in the link win over it", () => {
    expect(chooseModeRequest({ query: null, stored: 'video' })).toBe('video');
    expect(chooseModeRequest({ query: 'vnc', stored: 'video' })).toBe('vnc');
    expect(chooseModeRequest({ query: 'auto', stored: 'vnc' })).toBe('auto');
  });

  it('ignores values it does not know', () => {
    expect(chooseModeRequest({ query: 'h264', stored: 'video' })).toBe('video');
    expect(chooseModeRequest({ query: 'VIDEO', stored: 'fast' })).toBe('vnc');
    expect(parseModeRequest('')).toBeUndefined();
  });
});

describe('decideMode', () => {
  it('shows video when asked and everything is there', () => {
    expect(decideMode('video', capable)).toEqual({ mode: 'video', fallbackReason: undefined });
    expect(decideMode('auto', capable)).toEqual({ mode: 'video', fallbackReason: undefined });
  });

  it('stays on VNC without a reason when VNC was asked for, capable or not', () => {
    expect(decideMode('vnc', capable)).toEqual({ mode: 'vnc', fallbackReason: undefined });
    expect(decideMode('vnc', { ...capable, videoDecoder: false })).toEqual({
      mode: 'vnc',
      fallbackReason: undefined,
    });
  });

  it('falls back to VNC and says why when the browser or the gateway cannot do video', () => {
    expect(decideMode('video', { ...capable, videoDecoder: false, h264: false })).toEqual({
      mode: 'vnc',
      fallbackReason: 'no-video-decoder: this browser has no WebCodecs VideoDecoder',
    });
    expect(decideMode('auto', { ...capable, h264: false }).fallbackReason).toMatch(/^h264-unsupported: /);
    expect(decideMode('video', { ...capable, secureContext: false }).fallbackReason).toMatch(
      /^insecure-context: .*HTTPS/,
    );
  });

  it('names the gateway first: a desktop without video cannot be helped by another browser', () => {
    expect(
      missingCapability({ secureContext: false, videoDecoder: false, h264: false, gatewayVideo: false }),
    ).toBe('gateway-video-off');
  });
});

describe('fallbackReason', () => {
  it('starts with the stable code and carries the detail the gateway gave', () => {
    expect(fallbackReason('encoder-unavailable', 'no MIT-SHM')).toBe(
      'encoder-unavailable: the desktop cannot encode video (no MIT-SHM)',
    );
  });
});
