import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { describeLowSpace, LOW_SPACE_BYTES, seedHome } from './home-folder.ts';

describe('describeLowSpace', () => {
  it('says nothing when there is room or the size is unknown', () => {
    expect(describeLowSpace('/home/alice', LOW_SPACE_BYTES)).toBeUndefined();
    expect(describeLowSpace('/home/alice', undefined)).toBeUndefined();
  });

  it('names the home and "no space" when it is full', () => {
    expect(describeLowSpace('/home/alice', 0)).toBe(
      'HOME /home/alice is on a full file system (no space left on device: 0 bytes free); ' +
        'the desktop starts, but programs cannot save settings or files there until space is freed',
    );
  });
});

describe('seedHome', () => {
  const roots: string[] = [];
  afterEach(() => {
    for (const root of roots.splice(0)) rmSync(root, { recursive: true, force: true });
  });
  const tempRoot = () => {
    const root = mkdtempSync(join(tmpdir(), 'helios-home-'));
    roots.push(root);
    return root;
  };

  it('copies the skeleton and adds Desktop and Downloads, leaving nothing beside the home', () => {
    const root = tempRoot();
    mkdirSync(join(root, 'skel'));
    writeFileSync(join(root, 'skel', '.bashrc'), 'PS1=x\n');
    seedHome({ home: join(root, 'home', 'alice'), skelDir: join(root, 'skel') });
    expect(readdirSync(join(root, 'home', 'alice')).sort()).toEqual(['.bashrc', 'Desktop', 'Downloads']);
    expect(readdirSync(join(root, 'home'))).toEqual(['alice']);
    expect(statSync(join(root, 'home', 'alice')).mode & 0o777).toBe(0o755);
  });

  it('replaces a half-built home a killed boot left, and leaves no home when it fails', () => {
    const root = tempRoot();
    mkdirSync(join(root, 'home', '.alice.helios-new', 'stale'), { recursive: true });
    mkdirSync(join(root, 'skel'));
    // Something that is not a folder where the home must go: the final rename fails.
    writeFileSync(join(root, 'home', 'alice'), 'not a folder');
    expect(() => seedHome({ home: join(root, 'home', 'alice'), skelDir: join(root, 'skel') })).toThrow(
      /^user setup failed while creating home \/.*\/home\/alice from \/.*\/skel: /,
    );
    expect(existsSync(join(root, 'home', '.alice.helios-new'))).toBe(false);
  });
});
