import type { VideoStats } from './video/video-service.ts';

/** Counters the gateway keeps; rendered by {@link renderMetrics}. */
export class GatewayMetrics {
  /** WebSocket bridges open now, by mode. */
  readonly active = { full: 0, viewOnly: 0 };
  /** Bridges opened since start. */
  connectionsTotal = 0;
  /** Upgrades refused, by reason. */
  readonly rejected = new Map<string, number>();
  /** Bytes sent to the VNC server (after view-only filtering). */
  bytesToVnc = 0;
  /** Bytes sent to browsers. */
  bytesToBrowser = 0;
  /** Key messages forwarded. */
  keyEvents = 0;
  /** Pointer messages forwarded. */
  pointerEvents = 0;
  /** Messages dropped on view-only connections. */
  droppedMessages = 0;
  /** `Date.now()` of the last forwarded key or pointer message, 0 for never. */
  lastInputAt = 0;

  /** Finished or failed file transfers, by `direction` then `outcome`. */
  readonly fileTransfers = new Map<string, Map<string, number>>();
  /** Bytes moved by file transfers (a failed one counts what it moved). */
  readonly fileBytes = { upload: 0, download: 0 };

  /** Counts one file transfer and the bytes it moved. */
  countFileTransfer(direction: 'upload' | 'download', outcome: string, bytes: number): void {
    const outcomes = this.fileTransfers.get(direction) ?? new Map<string, number>();
    outcomes.set(outcome, (outcomes.get(outcome) ?? 0) + 1);
    this.fileTransfers.set(direction, outcomes);
    this.fileBytes[direction] += bytes;
  }

  /** Counts a refused upgrade. */
  reject(reason: string): void {
    this.rejected.set(reason, (this.rejected.get(reason) ?? 0) + 1);
  }
}

/** Gauges read from other parts of the gateway at render time. */
export interface LiveGauges {
  /** Open `{prefix}audio` connections; absent when audio is off. */
  readonly audioListeners?: number;
  /** Whether the shared desktop capture runs (someone listens). */
  readonly audioCaptureRunning?: boolean;
  /** Opus frames encoded once, handed to listeners, and dropped for slow ones. */
  readonly audioFrames?: { readonly frames: number; readonly sent: number; readonly dropped: number };
  /** The video side; absent when video is off. */
  readonly video?: VideoStats;
}

/**
 * Prometheus text exposition (format 0.0.4) of the metrics. Seconds since
 * the last input is -1 before any input, so alerts can tell "never" apart.
 */
export function renderMetrics(metrics: GatewayMetrics, now: number, live: LiveGauges = {}): string {
  const lines: string[] = [];
  const family = (name: string, type: string, help: string, samples: [string, number][]) => {
    lines.push(`# HELP ${name} ${help}`, `# TYPE ${name} ${type}`);
    for (const [labels, value] of samples) lines.push(`${name}${labels} ${value}`);
  };
  family('helios_kclient_connections', 'gauge', 'Open WebSocket bridges.', [
    ['{mode="full"}', metrics.active.full],
    ['{mode="view_only"}', metrics.active.viewOnly],
  ]);
  family('helios_kclient_connections_total', 'counter', 'WebSocket bridges opened.', [
    ['', metrics.connectionsTotal],
  ]);
  family(
    'helios_kclient_rejected_upgrades_total',
    'counter',
    'WebSocket upgrades refused.',
    [...metrics.rejected].sort().map(([reason, value]) => [`{reason="${reason}"}`, value]),
  );
  family('helios_kclient_bytes_total', 'counter', 'Bytes forwarded by the bridge.', [
    ['{direction="to_vnc"}', metrics.bytesToVnc],
    ['{direction="to_browser"}', metrics.bytesToBrowser],
  ]);
  family('helios_kclient_input_events_total', 'counter', 'Input messages forwarded to the VNC server.', [
    ['{kind="key"}', metrics.keyEvents],
    ['{kind="pointer"}', metrics.pointerEvents],
  ]);
  family('helios_kclient_dropped_messages_total', 'counter', 'Messages dropped on view-only bridges.', [
    ['', metrics.droppedMessages],
  ]);
  family('helios_kclient_seconds_since_last_input', 'gauge', 'Seconds since the last input, -1 if none.', [
    ['', metrics.lastInputAt === 0 ? -1 : Math.max(0, (now - metrics.lastInputAt) / 1000)],
  ]);
  family(
    'helios_file_transfers_total',
    'counter',
    'File transfers finished or failed, by direction and outcome.',
    [...metrics.fileTransfers]
      .sort()
      .flatMap(([direction, outcomes]) =>
        [...outcomes]
          .sort()
          .map(([outcome, value]): [string, number] => [
            `{direction="${direction}",outcome="${outcome}"}`,
            value,
          ]),
      ),
  );
  family('helios_file_transfer_bytes_total', 'counter', 'Bytes moved by file transfers.', [
    ['{direction="upload"}', metrics.fileBytes.upload],
    ['{direction="download"}', metrics.fileBytes.download],
  ]);
  if (live.audioListeners !== undefined) {
    family('helios_kclient_audio_listeners', 'gauge', 'Open audio connections.', [['', live.audioListeners]]);
    family('helios_kclient_audio_capture_running', 'gauge', '1 while the shared desktop capture runs.', [
      ['', live.audioCaptureRunning ? 1 : 0],
    ]);
    const frames = live.audioFrames ?? { frames: 0, sent: 0, dropped: 0 };
    family('helios_kclient_audio_frames_total', 'counter', 'Opus frames of desktop audio.', [
      ['{kind="encoded"}', frames.frames],
      ['{kind="sent"}', frames.sent],
      ['{kind="dropped"}', frames.dropped],
    ]);
  }
  const { video } = live;
  if (video !== undefined) {
    family('helios_video_viewers', 'gauge', 'Open video connections receiving frames.', [
      ['', video.viewers],
    ]);
    family('helios_video_encoder_running', 'gauge', '1 while the screen encoder runs.', [
      ['', video.encoderRunning ? 1 : 0],
    ]);
    family('helios_video_frames_total', 'counter', 'Frames encoded (once each, whatever the viewers).', [
      ['', video.frames],
    ]);
    family('helios_video_keyframes_total', 'counter', 'Keyframes encoded.', [['', video.keyframes]]);
    family('helios_video_bytes_total', 'counter', 'Bytes of frame messages sent to viewers.', [
      ['', video.bytes],
    ]);
    family(
      'helios_video_dropped_frames_total',
      'counter',
      'Frames slow viewers skipped until the next keyframe.',
      [['', video.dropped]],
    );
    family('helios_video_bitrate_kbps', 'gauge', "The encoder's bit-rate cap, kbit/s.", [
      ['', video.bitrateKbps],
    ]);
    family('helios_video_encoder_restarts_total', 'counter', 'Encoder restarts after it died with viewers.', [
      ['', video.restarts],
    ]);
  }
  return `${lines.join('\n')}\n`;
}
