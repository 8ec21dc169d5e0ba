/** Interleaved stereo s16 sine at 48 kHz; the default amplitude is -6 dBFS. */
export function sine(hz: number, seconds: number, amplitude = 16_000): Int16Array {
  const frames = Math.round(48_000 * seconds);
  const pcm = new Int16Array(frames * 2);
  for (let i = 0; i < frames; i++) {
    const sample = Math.round(amplitude * Math.sin((2 * Math.PI * hz * i) / 48_000));
    pcm[2 * i] = sample;
    pcm[2 * i + 1] = sample;
  }
  return pcm;
}

/** The left channel of interleaved stereo s16 (raw bytes as parec writes them, or samples). */
export function leftChannel(stereo: Buffer | Int16Array): Int16Array {
  const samples =
    stereo instanceof Int16Array
      ? stereo
      : new Int16Array(stereo.buffer, stereo.byteOffset, Math.floor(stereo.length / 2));
  return samples.filter((_, index) => index % 2 === 0);
}

/** The dominant frequency of mono `samples`, in Hz. */
export function dominantHz(samples: ArrayLike<number>, sampleRate = 48_000): number {
  // The frequency with the most energy (Goertzel scan, coarse then fine). A
  // dropout or a late start under load only adds sidebands around the tone;
  // a wrong frequency moves the peak itself.
  const power = (hz: number): number => {
    const coefficient = 2 * Math.cos((2 * Math.PI * hz) / sampleRate);
    let previous = 0;
    let beforePrevious = 0;
    for (let i = 0; i < samples.length; i++) {
      const current = (samples[i] ?? 0) + coefficient * previous - beforePrevious;
      beforePrevious = previous;
      previous = current;
    }
    return previous * previous + beforePrevious * beforePrevious - coefficient * previous * beforePrevious;
  };
  const peak = (from: number, to: number, step: number): number => {
    let best = from;
    let bestPower = -1;
    for (let hz = from; hz <= to; hz += step) {
      const p = power(hz);
      if (p > bestPower) [best, bestPower] = [hz, p];
    }
    return best;
  };
  const coarse = peak(50, 4000, 10);
  return peak(coarse - 10, coarse + 10, 0.5);
}

/** Root mean square: on a 0..1 scale for float samples, 0..32768 for s16. */
export function rmsOf(samples: ArrayLike<number>): number {
  let sum = 0;
  for (let i = 0; i < samples.length; i++) sum += (samples[i] ?? 0) ** 2;
  return Math.sqrt(sum / Math.max(1, samples.length));
}
