import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { copyVideoEncoderSources } from './build-context.ts';

const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));
const temporary: string[] = [];
const tempDir = () => {
  const dir = mkdtempSync(join(tmpdir(), 'helios-build-context-'));
  temporary.push(dir);
  return dir;
};

afterEach(() => {
  for (const dir of temporary.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('copyVideoEncoderSources', () => {
  it('puts the encoder sources and its build scripts where the Dockerfile build stage copies them from', () => {
    const context = tempDir();
    const names = copyVideoEncoderSources(repoRoot, context);
    expect(names).toEqual(expect.arrayContaining(['build.sh', 'install-runtime.sh', 'main.c']));
    expect(readdirSync(join(context, 'video-encoder')).sort()).toEqual(names);
    const dockerfile = readFileSync(join(repoRoot, 'docker/Dockerfile'), 'utf8');
    expect(dockerfile).toContain('COPY video-encoder/ /src/video-encoder/');
    expect(dockerfile).toContain('RUN /bin/sh /src/video-encoder/build.sh');
  });

  it('leaves out files the build stage does not use, so editing them keeps the encoder layer cached', () => {
    const repo = tempDir();
    const sources = join(repo, 'native/video-encoder');
    mkdirSync(sources, { recursive: true });
    for (const name of ['build.sh', 'main.c', 'encoder.h', 'README.md', 'notes.txt']) {
      writeFileSync(join(sources, name), name);
    }
    const context = tempDir();
    expect(copyVideoEncoderSources(repo, context)).toEqual(['build.sh', 'encoder.h', 'main.c']);
  });

  it('fails with HELIOS_BUILD_MISSING_ARTIFACT when the encoder sources are missing', () => {
    expect(() => copyVideoEncoderSources(tempDir(), tempDir())).toThrow(
      expect.objectContaining({ code: 'HELIOS_BUILD_MISSING_ARTIFACT' }),
    );
  });
});
