/**
 * A repeatable source of uniform numbers in [0, 1) (mulberry32): the same seed
 * gives the same sequence on every run and machine, so a lossy run can be
 * replayed exactly.
 */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let mixed = state;
    mixed = Math.imul(mixed ^ (mixed >>> 15), mixed | 1);
    mixed ^= mixed + Math.imul(mixed ^ (mixed >>> 7), mixed | 61);
    return ((mixed ^ (mixed >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/**
 * A seed for one numbered stream derived from a base seed, so streams started
 * in the same order get the same numbers although each has its own sequence.
 */
export function streamSeed(seed: number, stream: number): number {
  return (Math.imul(stream + 1, 0x9e3779b9) ^ seed) >>> 0;
}
