import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { getDistro } from '@helios/images';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { assertBinfmt, judgeBinfmt } from './binfmt-check.ts';
import { planArch } from './image-arch.ts';

/** /proc/sys/fs/binfmt_misc/qemu-aarch64 as Debian's qemu-user-static registers it. */
const debianEntry = [
  'enabled',
  'interpreter /usr/libexec/qemu-binfmt/aarch64-binfmt-P',
  'flags: POF',
  'offset 0',
  'magic 7f454c460201010000000000000000000200b700',
  'mask ffffffffffffff00fffffffffffffffffeffffff',
  '',
].join('\n');

describe('judgeBinfmt', () => {
  it('is ready with an enabled entry carrying the F flag, and names its interpreter', () => {
    expect(judgeBinfmt({ mounted: true, entry: debianEntry })).toEqual({
      ready: true,
      interpreter: '/usr/libexec/qemu-binfmt/aarch64-binfmt-P',
    });
  });

  it.each([
    ['binfmt_misc is not mounted', { mounted: false, entry: null }, 'not-mounted'],
    ['nothing is registered', { mounted: true, entry: null }, 'not-registered'],
    [
      'the entry is disabled',
      { mounted: true, entry: debianEntry.replace('enabled', 'disabled') },
      'disabled',
    ],
    [
      'the entry lacks F, so containers cannot reach qemu',
      { mounted: true, entry: debianEntry.replace('flags: POF', 'flags: PO') },
      'no-fix-binary',
    ],
  ] as const)('is not ready when %s', (_why, state, problem) => {
    expect(judgeBinfmt(state)).toEqual({ ready: false, problem });
  });
});

describe('assertBinfmt', () => {
  const bookworm = getDistro('bookworm');
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'helios-binfmt-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('checks nothing for a native build', () => {
    expect(() => assertBinfmt(planArch(bookworm, 'amd64', 'amd64'), join(dir, 'absent'))).not.toThrow();
  });

  it('refuses an emulated build without qemu registered, saying how to register it', () => {
    writeFileSync(join(dir, 'register'), '');
    expect(() => assertBinfmt(planArch(bookworm, 'arm64', 'amd64'), dir)).toThrow(
      expect.objectContaining({
        code: 'HELIOS_BUILD_NO_BINFMT',
        message: expect.stringMatching(
          /^Cannot build for arm64 on this machine: no interpreter is registered for it \(.*\/qemu-aarch64\)\. Install the emulator \(apt-get install qemu-user-static\) and register it with the F flag, as root: scripts\/ensure-binfmt-arm64\.sh/,
        ),
      }),
    );
  });

  it('lets an emulated build go ahead once qemu-aarch64 is registered with F', () => {
    writeFileSync(join(dir, 'register'), '');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'qemu-aarch64'), debianEntry);
    expect(() => assertBinfmt(planArch(bookworm, 'arm64', 'amd64'), dir)).not.toThrow();
  });
});
