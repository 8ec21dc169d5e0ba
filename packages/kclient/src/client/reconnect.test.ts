import { describe, expect, it } from 'vitest';
import { bridgeUrl, reconnectDelay, socketUrl } from './reconnect.ts';

describe('reconnectDelay', () => {
  it('doubles from 500 ms and stops at 8 s', () => {
    expect([0, 1, 2, 3, 4, 5, 50].map((attempt) => reconnectDelay(attempt))).toEqual([
      500, 1000, 2000, 4000, 8000, 8000, 8000,
    ]);
  });
});

describe('bridgeUrl', () => {
  it('puts websockify next to the page, keeping the sub-path', () => {
    expect(bridgeUrl('http://example.com/desk/')).toBe('ws://example.com/desk/websockify');
  });

  it('uses wss on https and keeps the view-only folder', () => {
    expect(bridgeUrl('https://example.com/view-only/#x')).toBe('wss://example.com/view-only/websockify');
  });

  it('leaves the page query behind (a token travels as the cookie)', () => {
    expect(bridgeUrl('http://h:3000/?token=abc')).toBe('ws://h:3000/websockify');
  });

  it('carries the desktop scale the viewer wants, and only that', () => {
    expect(bridgeUrl('http://h:3000/?hidpi=sharp&token=abc', 1.5)).toBe('ws://h:3000/websockify?scale=1.5');
  });
});

describe('socketUrl', () => {
  it('puts the audio and video sockets next to the page, view-only included, without the query', () => {
    expect(socketUrl('https://h/desk/view-only/?mode=video&token=abc#x', 'video')).toBe(
      'wss://h/desk/view-only/video',
    );
    expect(socketUrl('http://h:3000/?token=abc', 'audio')).toBe('ws://h:3000/audio');
  });
});
