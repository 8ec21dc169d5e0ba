/**
 * The end of every output: a mute gain to the speakers, and an analyser
 * that reads the signal before the mute (tests and automation use it).
 */
export class OutputBus {
  /** Where the output connects what it plays. */
  readonly input: GainNode;
  readonly #mute: GainNode;
  readonly #analyser: AnalyserNode;

  constructor(context: AudioContext) {
    this.input = context.createGain();
    this.#mute = context.createGain();
    this.#analyser = context.createAnalyser();
    this.#analyser.fftSize = 8192;
    this.input.connect(this.#mute).connect(context.destination);
    this.input.connect(this.#analyser);
  }

  setMuted(muted: boolean): void {
    this.#mute.gain.value = muted ? 0 : 1;
  }

  samples(): Float32Array {
    const samples = new Float32Array(this.#analyser.fftSize);
    this.#analyser.getFloatTimeDomainData(samples);
    return samples;
  }
}
