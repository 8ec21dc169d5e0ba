import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { instantiateOpus, type OpusWasm } from '../../shared/opus-wasm.ts';
import { AudioCodecError } from './audio-errors.ts';

/** File name of libopus (SIMD build) next to the bundled server; the kclient build copies it there. */
const OPUS_WASM_FILE = 'opus-simd.wasm';

/**
 * Where libopus may be: next to this module (the image's bundle folder),
 * else inside the `@evan/opus` package (library use and tests).
 */
function opusWasmCandidates(): string[] {
  const candidates = [fileURLToPath(new URL(`./${OPUS_WASM_FILE}`, import.meta.url))];
  try {
    candidates.push(createRequire(import.meta.url).resolve('@evan/opus/wasm/simd.wasm'));
  } catch {
    // Not installed: the bundle carries its own copy.
  }
  return candidates;
}

let loading: Promise<OpusWasm> | undefined;

/**
 * Instantiates libopus once per process, on first use, so a gateway whose
 * users never turn audio on pays nothing for it. Throws {@link AudioCodecError}.
 */
export function loadOpus(): Promise<OpusWasm> {
  if (loading !== undefined) return loading;
  const attempt = (async () => {
    const tried = opusWasmCandidates();
    const file = tried.find((path) => existsSync(path));
    try {
      if (file === undefined) throw new Error('no such file');
      return await instantiateOpus(await readFile(file));
    } catch (cause) {
      throw new AudioCodecError(tried, cause);
    }
  })();
  loading = attempt;
  // A failed load is retried by the next listener (the file may appear after a rebuild).
  attempt.catch(() => {
    if (loading === attempt) loading = undefined;
  });
  return attempt;
}
