import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { decideVideo, executableProblem } from './video-availability.ts';

const encoder = '/opt/helios/bin/helios-video-encoder';
const present = () => undefined;
const missing = () => 'ENOENT';

describe('decideVideo', () => {
  it('is on by default when the encoder binary is there', () => {
    expect(decideVideo({ enabled: undefined, encoder }, present)).toEqual({ kind: 'on', encoder });
    expect(decideVideo({ enabled: true, encoder }, present)).toEqual({ kind: 'on', encoder });
  });

  it('is off when turned off, whatever the binary', () => {
    expect(decideVideo({ enabled: false, encoder }, present)).toEqual({ kind: 'off' });
  });

  it('serves the route without an encoder, saying why (a warning only when video was asked for)', () => {
    expect(decideVideo({ enabled: undefined, encoder }, missing)).toEqual({
      kind: 'broken',
      reason: `${encoder}: ENOENT`,
      asked: false,
    });
    expect(decideVideo({ enabled: true, encoder }, missing)).toMatchObject({ kind: 'broken', asked: true });
  });
});

describe('executableProblem', () => {
  it('accepts an executable file and names what is wrong otherwise', () => {
    expect(executableProblem('/bin/sh')).toBeUndefined();
    expect(executableProblem('/no/such/encoder')).toBe('ENOENT');
    expect(executableProblem('/tmp')).toBe('not a file');
    const dir = mkdtempSync(join(tmpdir(), 'kclient-video-'));
    try {
      writeFileSync(join(dir, 'plain'), 'text', { mode: 0o644 });
      expect(executableProblem(join(dir, 'plain'))).toBe('EACCES');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
