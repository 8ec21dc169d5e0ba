import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { KOFFI_VERSION, koffiNativeModule } from '../src/koffi-native.ts';

const cacheDir = mkdtempSync(join(tmpdir(), 'helios-koffi-'));
afterAll(() => rmSync(cacheDir, { recursive: true, force: true }));

describe("init's koffi module for another architecture", () => {
  it('is the koffi version @helios/init depends on', () => {
    const init = JSON.parse(readFileSync(new URL('../../init/package.json', import.meta.url), 'utf8')) as {
      dependencies: Record<string, string>;
    };
    expect(init.dependencies.koffi).toBe(KOFFI_VERSION);
  });

  // From the npm registry, as pnpm install gets the host's one.
  it('is the arm64 glibc build koffi publishes, served from the cache the second time', async () => {
    const module = await koffiNativeModule({ arch: 'arm64', cacheDir });
    const bytes = readFileSync(module);
    expect(bytes.subarray(0, 4).toString('latin1')).toBe('\x7fELF');
    expect(bytes.readUInt16LE(18)).toBe(0xb7); // e_machine: aarch64
    expect(await koffiNativeModule({ arch: 'arm64', cacheDir, registry: 'http://127.0.0.1:9/' })).toBe(
      module,
    );
  }, 60_000);

  it('says which module it could not fetch and from where', async () => {
    await expect(
      koffiNativeModule({
        arch: 'arm64',
        cacheDir: join(cacheDir, 'other'),
        registry: 'http://127.0.0.1:9/',
      }),
    ).rejects.toThrow(
      `Cannot fetch init's koffi module @koromix/koffi-linux-arm64@${KOFFI_VERSION} from http://127.0.0.1:9/:`,
    );
  });
});
