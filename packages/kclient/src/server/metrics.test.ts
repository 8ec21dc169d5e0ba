import { describe, expect, it } from 'vitest';
import { GatewayMetrics, renderMetrics } from './metrics.ts';

describe('renderMetrics', () => {
  it('reports seconds since the last input, and -1 before any', () => {
    const metrics = new GatewayMetrics();
    expect(renderMetrics(metrics, 10_000)).toContain('helios_kclient_seconds_since_last_input -1\n');
    metrics.lastInputAt = 7_500;
    expect(renderMetrics(metrics, 10_000)).toContain('helios_kclient_seconds_since_last_input 2.5\n');
  });

  it('adds the audio gauges and frame counters only when audio is on', () => {
    const metrics = new GatewayMetrics();
    expect(renderMetrics(metrics, 0)).not.toContain('audio');
    const text = renderMetrics(metrics, 0, {
      audioListeners: 3,
      audioCaptureRunning: true,
      audioFrames: { frames: 500, sent: 1490, dropped: 10 },
    });
    expect(text).toContain('helios_kclient_audio_listeners 3\n');
    expect(text).toContain('helios_kclient_audio_capture_running 1\n');
    expect(text).toContain('helios_kclient_audio_frames_total{kind="encoded"} 500\n');
    expect(text).toContain('helios_kclient_audio_frames_total{kind="dropped"} 10\n');
  });
});
