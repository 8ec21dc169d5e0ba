import { describe, expect, it } from 'vitest';
import { KeyframeRequests } from './keyframe-requests.ts';

describe('KeyframeRequests', () => {
  it('serves page and slow-viewer requests at most once a second for everyone', () => {
    const requests = new KeyframeRequests();
    expect(requests.shouldRequest(0, false)).toBe(true);
    requests.keyframeArrived();
    expect(requests.shouldRequest(400, false)).toBe(false);
    expect(requests.shouldRequest(999, false)).toBe(false);
    expect(requests.waitMs(400)).toBe(600);
    expect(requests.shouldRequest(1000, false)).toBe(true);
  });

  it('lets a joining viewer ask at once, unless a keyframe is already on its way', () => {
    const requests = new KeyframeRequests();
    expect(requests.shouldRequest(0, false)).toBe(true);
    expect(requests.shouldRequest(100, true)).toBe(false);
    requests.keyframeArrived();
    expect(requests.shouldRequest(200, true)).toBe(true);
  });

  it('counts the keyframe asked for at an encoder start as on its way', () => {
    const requests = new KeyframeRequests();
    requests.restarted(5000);
    expect(requests.shouldRequest(5100, true)).toBe(false);
    expect(requests.shouldRequest(6000, true)).toBe(true);
  });
});
