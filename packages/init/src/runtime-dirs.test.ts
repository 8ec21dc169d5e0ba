import { describe, expect, it } from 'vitest';
import { describeUnwritable, runtimeDirFix, runtimeDirs } from './runtime-dirs.ts';

const dirs = runtimeDirs('/run/helios', '/run/user', 4242, 4242);

describe('runtimeDirFix', () => {
  it('names the tmpfs mount and the variable that moves the folder', () => {
    expect(runtimeDirFix(dirs[0] as (typeof dirs)[0])).toBe(
      'mount a tmpfs on /run (docker run --tmpfs /run; Compose: tmpfs: [/run]; Kubernetes: an emptyDir volume), ' +
        'or set HELIOS_RUN_DIR to a writable folder',
    );
    expect(runtimeDirFix(dirs[3] as (typeof dirs)[0])).toBe(
      'mount a tmpfs on /tmp (docker run --tmpfs /tmp; Compose: tmpfs: [/tmp]; Kubernetes: an emptyDir volume)',
    );
  });
});

describe('describeUnwritable', () => {
  it('is undefined when every folder can be made', () => {
    expect(describeUnwritable(dirs, () => undefined)).toBeUndefined();
  });

  it('names the first refused folder, the others it blocks, and the fix', () => {
    const refused = describeUnwritable(dirs, (path) =>
      path.startsWith('/run') ? { at: '/run', reason: 'EROFS: read-only file system' } : undefined,
    );
    expect(refused?.dir.path).toBe('/run/helios');
    expect(refused?.message).toBe(
      '/run is not writable (EROFS: read-only file system); /run/user, /run/user/4242 need it too ' +
        '(expected a writable folder); mount a tmpfs on /run (docker run --tmpfs /run; Compose: tmpfs: [/run]; ' +
        'Kubernetes: an emptyDir volume), or set HELIOS_RUN_DIR to a writable folder',
    );
  });
});
