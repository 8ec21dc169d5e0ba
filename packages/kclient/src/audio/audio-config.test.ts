import { describe, expect, it } from 'vitest';
import { audioOptionsFromEnv, resolveAudioConfig } from './audio-config.ts';
import { parseClientMessage } from './audio-messages.ts';
import { audioRouteOf } from './audio-route.ts';

describe('resolveAudioConfig', () => {
  it('defaults to the sinks init creates and 128 kbit/s', () => {
    expect(resolveAudioConfig(audioOptionsFromEnv({}))).toEqual({
      enabled: true,
      sink: 'helios',
      micSink: 'helios_mic',
      bitrate: 128_000,
      parec: 'parec',
      pacat: 'pacat',
    });
  });

  it('reads HELIOS_AUDIO=0 and the sink names from the environment', () => {
    const config = resolveAudioConfig(
      audioOptionsFromEnv({ HELIOS_AUDIO: '0', HELIOS_AUDIO_SINK: 'out', HELIOS_AUDIO_MIC_SINK: '' }),
    );
    expect(config).toMatchObject({ enabled: false, sink: 'out', micSink: 'helios_mic' });
  });

  it('lists every invalid variable at once', () => {
    expect(() => resolveAudioConfig({ enabled: 'maybe', sink: '-x', bitrate: '999999' })).toThrow(
      /enabled \(HELIOS_AUDIO\).*\n.*sink \(HELIOS_AUDIO_SINK\).*\n.*bitrate \(HELIOS_AUDIO_BITRATE\): expected 6000 to 510000/s,
    );
  });
});

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
