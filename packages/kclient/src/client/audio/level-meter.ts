/** The quietest level the meter shows, in dBFS; anything below reads as 0. */
const METER_FLOOR_DB = -60;

/** Root mean square of the samples of all channels (full scale = 1). */
export function rms(channels: readonly Float32Array[]): number {
  let sum = 0;
  let count = 0;
  for (const samples of channels) {
    for (const sample of samples) sum += sample * sample;
    count += samples.length;
  }
  return count === 0 ? 0 : Math.sqrt(sum / count);
}

/** Maps an RMS value to the meter's 0..1 scale, linear in dB from {@link METER_FLOOR_DB} to 0 dBFS. */
export function meterLevel(value: number): number {
  if (value <= 0) return 0;
  const db = 20 * Math.log10(value);
  return Math.min(1, Math.max(0, (db - METER_FLOOR_DB) / -METER_FLOOR_DB));
}

/**
 * Rises at once and falls slowly, like a hardware meter, so short sounds
 * stay visible for a moment.
 *
 * @param fall Share of the previous level kept per update when falling. @default 0.8
 */
export function smoothLevel(previous: number, next: number, fall = 0.8): number {
  return next >= previous ? next : previous * fall + next * (1 - fall);
}
