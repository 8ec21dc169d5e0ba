import { AUDIO_FORMAT } from '../../shared/audio-framing.ts';
import type { PlaybackStats } from './audio-worklet.ts';
import { ScheduledOutput } from './scheduled-output.ts';
import { WorkletOutput } from './worklet-output.ts';

/**
 * How decoded audio reaches the speakers: `worklet` (an AudioWorklet jitter
 * buffer, secure contexts only) or `scheduled` (AudioBufferSourceNodes
 * queued on the audio clock, everywhere else).
 */
export type OutputKind = 'worklet' | 'scheduled';

/** Where decoded desktop audio is played. */
export interface AudioOutput {
  readonly kind: OutputKind;
  readonly context: AudioContext;
  /** Queues decoded audio (planar stereo at 48 kHz); the arrays may be transferred. */
  play(left: Float32Array, right: Float32Array): void;
  setMuted(muted: boolean): void;
  /** The last ~170 ms of played samples (mono mix, before the mute). */
  samples(): Float32Array;
}

/** Receives playback statistics about every 50 ms. */
export type StatsListener = (stats: PlaybackStats) => void;

/**
 * An AudioContext at 48 kHz and the best output it offers. AudioWorklet
 * exists only in a secure context (HTTPS, localhost); a page opened over
 * plain HTTP by another name gets the scheduled output, so desktop audio
 * plays there too. `prefer: 'scheduled'` forces it, for tests and comparison.
 */
export async function createAudioOutput(
  baseUrl: string,
  onStats: StatsListener,
  prefer?: OutputKind,
): Promise<AudioOutput> {
  const context = new AudioContext({ sampleRate: AUDIO_FORMAT.sampleRate, latencyHint: 'interactive' });
  if (prefer !== 'scheduled' && 'audioWorklet' in context) {
    return WorkletOutput.create(context, baseUrl, onStats);
  }
  return new ScheduledOutput(context, onStats);
}
