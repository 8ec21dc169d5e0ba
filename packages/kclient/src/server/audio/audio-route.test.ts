import { describe, expect, it } from 'vitest';
import { parseClientMessage } from '../../shared/audio-messages.ts';
import { audioRouteOf } from './audio-route.ts';

describe('audioRouteOf', () => {
  it('maps the audio routes to their sibling bridge, keeping the query', () => {
    expect(audioRouteOf('/desk/', '/desk/audio?token=t')).toEqual({ bridgeUrl: '/desk/websockify?token=t' });
    expect(audioRouteOf('/', '/view-only/audio')).toEqual({ bridgeUrl: '/view-only/websockify' });
    expect(audioRouteOf('/', '/websockify')).toBeUndefined();
    expect(audioRouteOf('/desk/', '/audio')).toBeUndefined();
  });
});

describe('parseClientMessage', () => {
  it('accepts the two control messages', () => {
    expect(parseClientMessage('{"type":"mic","enabled":true}')).toEqual({ type: 'mic', enabled: true });
    expect(parseClientMessage('{"type":"listen","enabled":false}')).toEqual({
      type: 'listen',
      enabled: false,
    });
  });

  it('says what is wrong with anything else', () => {
    expect(parseClientMessage('nope')).toEqual({ problem: 'text message is not JSON' });
    expect(parseClientMessage('{"type":"mic","enabled":true,"x":1}')).toHaveProperty('problem');
    expect(parseClientMessage(`{"type":"mic","pad":"${'x'.repeat(300)}"}`)).toEqual({
      problem: 'text message of 323 characters (expected at most 256)',
    });
  });
});
