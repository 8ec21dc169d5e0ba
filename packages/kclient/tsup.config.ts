import { copyFileSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { defineConfig } from 'tsup';
import { builtinsThroughRequire, heliosTsup } from '../../tsup.base.ts';

const { version } = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8')) as {
  version: string;
};
const define = { __KCLIENT_VERSION__: JSON.stringify(version) };

// libopus in WebAssembly from @evan/opus: the bundle has no node_modules, so
// the server's copy (SIMD build) goes next to it and the browser's fallback
// decoder (plain build, for browsers without WASM SIMD) into the client.
const opusFile = (name: string) => createRequire(import.meta.url).resolve(`@evan/opus/${name}`);
const copyOpus = (name: string, to: string) => {
  const target = new URL(to, import.meta.url);
  mkdirSync(new URL('.', target), { recursive: true });
  copyFileSync(opusFile(name), target);
};

export default defineConfig(() => {
  // Three builds write into dist/ at once, so none of them may clean it.
  rmSync(new URL('./dist', import.meta.url), { recursive: true, force: true });
  return [
    // The library and the bin, with dependencies left to node_modules.
    heliosTsup({ entry: ['src/index.ts', 'src/cli.ts'], clean: false, define }),
    // The server as one self-contained file for the image (no node_modules there).
    heliosTsup({
      entry: { 'helios-kclient': 'src/cli.ts' },
      outDir: 'dist/bundle',
      outExtension: () => ({ js: '.mjs' }),
      dts: false,
      sourcemap: false,
      clean: false,
      minify: true,
      noExternal: [/.*/],
      // tsup's own node: plugin would mark built-ins external before ours sees them.
      removeNodeProtocol: false,
      esbuildPlugins: [builtinsThroughRequire()],
      define,
      async onSuccess() {
        copyOpus('wasm/simd.wasm', './dist/bundle/opus-simd.wasm');
        copyOpus('LICENSE', './dist/bundle/opus-LICENSE');
      },
      // fastify and its helpers are CommonJS and call require().
      banner: {
        js: "import { createRequire as __heliosCreateRequire } from 'node:module'; const require = __heliosCreateRequire(import.meta.url);",
      },
    }),
    // The browser client. noVNC 1.7 uses top-level await: ESM, ES2022.
    {
      // The audio worklet is its own module: AudioWorklet.addModule() loads it by URL.
      entry: { app: 'src/client/main.ts', 'audio-worklet': 'src/client/audio/audio-worklet.ts' },
      outDir: 'dist/client',
      format: ['esm'],
      platform: 'browser',
      target: 'es2022',
      outExtension: () => ({ js: '.js' }),
      noExternal: [/.*/],
      minify: true,
      sourcemap: false,
      dts: false,
      clean: false,
      splitting: false,
      publicDir: 'src/client/public',
      tsconfig: 'src/client/tsconfig.json',
      async onSuccess() {
        copyOpus('wasm/opus.wasm', './dist/client/opus.wasm');
      },
    },
  ];
});
