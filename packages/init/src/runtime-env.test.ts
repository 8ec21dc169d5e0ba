import { ReadmeTables } from '@helios/test-kit/readme-tables';
import { describe, expect, it } from 'vitest';
import { EnvError } from './errors.ts';
import { INIT_VARIABLES, parseRuntimeEnv } from './runtime-env.ts';

describe('parseRuntimeEnv', () => {
  it('defaults to the image layout', () => {
    const env = parseRuntimeEnv({});
    expect(env).toMatchObject({
      idleMinutes: 30,
      httpPort: 3000,
      prefix: '/',
      title: 'Helios',
      strictHooks: false,
      hookTimeoutMs: 120_000,
      configFile: '/etc/helios/init.json',
      etcDir: '/etc/helios',
      runDir: '/run/helios',
      runtimeRoot: '/run/user',
      display: ':1',
      frameRate: 240,
      kclientBundle: '/opt/helios/kclient/helios-kclient.mjs',
      koffiNative: undefined,
    });
    expect(Object.isFrozen(env)).toBe(true);
  });

  it.each(['/a//b/', 'desk top', '/d?x/'])('refuses the PREFIX %j as kclient does', (prefix) => {
    expect(() => parseRuntimeEnv({ PREFIX: prefix })).toThrow('PREFIX: must be a URL path such as /desktop/');
  });

  it('normalises PREFIX to /x/ as kclient does', () => {
    expect(parseRuntimeEnv({ PREFIX: 'desktop' }).prefix).toBe('/desktop/');
    expect(parseRuntimeEnv({ PREFIX: '/desktop' }).prefix).toBe('/desktop/');
    expect(parseRuntimeEnv({ PREFIX: '/' }).prefix).toBe('/');
  });

  it('reads IDLE_TIME 0 as disabled and seconds as milliseconds', () => {
    const env = parseRuntimeEnv({ IDLE_TIME: '0', HELIOS_HOOK_TIMEOUT: '1.5', HELIOS_STRICT_HOOKS: '1' });
    expect(env.idleMinutes).toBe(0);
    expect(env.hookTimeoutMs).toBe(1500);
    expect(env.strictHooks).toBe(true);
  });

  it('reads DESKTOP_FILES as absolute globs separated by spaces or colons', () => {
    expect(parseRuntimeEnv({}).desktopFiles).toEqual([]);
    expect(
      parseRuntimeEnv({ DESKTOP_FILES: '/opt/a/*.desktop:/opt/b/x.desktop  /srv/*.desktop' }).desktopFiles,
    ).toEqual(['/opt/a/*.desktop', '/opt/b/x.desktop', '/srv/*.desktop']);
    expect(() => parseRuntimeEnv({ DESKTOP_FILES: '/opt/a/*.desktop apps/*.desktop' })).toThrow(
      'DESKTOP_FILES: must list absolute globs (expected /…/*.desktop, received "apps/*.desktop")',
    );
  });

  it('refuses every bad value with where, expected and received', () => {
    try {
      parseRuntimeEnv({
        IDLE_TIME: 'soon',
        HTTP_PORT: '70000',
        HELIOS_STRICT_HOOKS: 'yes',
        HELIOS_RUN_DIR: 'relative',
        HELIOS_DISPLAY: '1',
        HELIOS_FRAME_RATE: '0',
      });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(EnvError);
      expect((error as EnvError).issues).toEqual([
        'IDLE_TIME: must be minutes, 0 to disable (expected 0-525600, received "soon")',
        'HTTP_PORT: must be a TCP port (expected 1-65535, received "70000")',
        'HELIOS_STRICT_HOOKS: must be 0 or 1 (received "yes")',
        'HELIOS_RUN_DIR: must be an absolute path (expected /…, received "relative")',
        'HELIOS_DISPLAY: must be a local X display (expected :N, received "1")',
        'HELIOS_FRAME_RATE: must be updates per second (expected 1-1000, received "0")',
      ]);
    }
  });
});

describe('the README environment table', () => {
  it('documents every variable init reads', () => {
    const table = new ReadmeTables(new URL('../README.md', import.meta.url)).section('Environment');
    const documented = new Set([...table.matchAll(/`([A-Z][A-Z0-9_]+)`/g)].map((match) => match[1]));
    const read = [...INIT_VARIABLES].filter(
      (name) => !['HELIOS_VNC', 'HELIOS_STATE_FILE', 'HELIOS_ACTIVITY_FILE'].includes(name),
    );
    for (const name of ['USER', 'UID', 'GID', 'PASSWORD', ...read]) expect(documented, name).toContain(name);
  });
});
