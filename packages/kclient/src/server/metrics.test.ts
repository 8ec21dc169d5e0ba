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

  it('adds the video gauges and counters only when video is served', () => {
    const metrics = new GatewayMetrics();
    expect(renderMetrics(metrics, 0)).not.toContain('helios_video');
    const text = renderMetrics(metrics, 0, {
      video: {
        viewers: 2,
        encoderRunning: true,
        frames: 300,
        keyframes: 4,
        bytes: 123_456,
        dropped: 7,
        bitrateKbps: 3200,
        restarts: 1,
      },
    });
    for (const line of [
      'helios_video_viewers 2',
      'helios_video_encoder_running 1',
      'helios_video_frames_total 300',
      'helios_video_keyframes_total 4',
      'helios_video_bytes_total 123456',
      'helios_video_dropped_frames_total 7',
      'helios_video_bitrate_kbps 3200',
      'helios_video_encoder_restarts_total 1',
    ]) {
      expect(text).toContain(`${line}\n`);
    }
    expect(text).toContain('# TYPE helios_video_frames_total counter\n');
  });

  it('counts file transfers by direction and outcome, and the bytes they moved', () => {
    const metrics = new GatewayMetrics();
    expect(renderMetrics(metrics, 0)).toContain('helios_file_transfer_bytes_total{direction="upload"} 0\n');
    metrics.countFileTransfer('upload', 'ok', 100);
    metrics.countFileTransfer('upload', 'ok', 50);
    metrics.countFileTransfer('upload', 'too_large', 0);
    metrics.countFileTransfer('download', 'aborted', 7);
    const text = renderMetrics(metrics, 0);
    expect(text).toContain(
      [
        '# TYPE helios_file_transfers_total counter',
        'helios_file_transfers_total{direction="download",outcome="aborted"} 1',
        'helios_file_transfers_total{direction="upload",outcome="ok"} 2',
        'helios_file_transfers_total{direction="upload",outcome="too_large"} 1',
      ].join('\n'),
    );
    expect(text).toContain('helios_file_transfer_bytes_total{direction="upload"} 150\n');
    expect(text).toContain('helios_file_transfer_bytes_total{direction="download"} 7\n');
  });
});
