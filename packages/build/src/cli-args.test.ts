import { describe, expect, it } from 'vitest';
import { parseCli } from './cli-args.ts';

describe('parseCli', () => {
  it('parses build with its base, tags and --list-stages', () => {
    expect(parseCli(['build', 'bookworm', '--base', 'debootstrap', '--tag', 'a:1', '--tag', 'b:2'])).toEqual({
      kind: 'build',
      distro: 'bookworm',
      base: 'debootstrap',
      tags: ['a:1', 'b:2'],
      listStages: false,
    });
    expect(parseCli(['build', 'sid', '--list-stages'])).toMatchObject({
      kind: 'build',
      base: 'auto',
      listStages: true,
    });
  });

  it('parses build --arch, in any of its spellings, and leaves it out when not given', () => {
    expect(parseCli(['build', 'bookworm', '--arch', 'aarch64'])).toMatchObject({
      kind: 'build',
      arch: 'arm64',
    });
    expect(parseCli(['build', 'bookworm'])).not.toHaveProperty('arch');
  });

  it('refuses an unknown --arch with HELIOS_BUILD_UNKNOWN_ARCH', () => {
    expect(() => parseCli(['build', 'bookworm', '--arch', 'sparc'])).toThrow(
      expect.objectContaining({ code: 'HELIOS_BUILD_UNKNOWN_ARCH' }),
    );
  });

  it('parses manifest with its registry, and refuses one with a scheme', () => {
    expect(parseCli(['manifest', 'bookworm', '--registry', '127.0.0.1:5000'])).toEqual({
      kind: 'manifest',
      distro: 'bookworm',
      registry: '127.0.0.1:5000',
    });
    expect(() => parseCli(['manifest', 'bookworm', '--registry', 'https://r.example'])).toThrow(
      'Invalid --registry "https://r.example": expected host[:port][/path], without a scheme.',
    );
    expect(() => parseCli(['manifest', 'bookworm'])).toThrow('Missing --registry <host[:port][/path]>.');
  });

  it('parses up with a port', () => {
    expect(parseCli(['up', 'trixie', '--port', '3300'])).toEqual({
      kind: 'up',
      distro: 'trixie',
      base: 'auto',
      port: 3300,
    });
  });

  it('parses compose with auth and repeated --env, keeping = inside values', () => {
    expect(
      parseCli(['compose', 'sid', '--auth', 'basic', '--auth-user', 'ops', '--env', 'A=1', '--env', 'B=x=y']),
    ).toEqual({
      kind: 'compose',
      distro: 'sid',
      port: 3000,
      auth: 'basic',
      authUser: 'ops',
      env: { A: '1', B: 'x=y' },
    });
    expect(() => parseCli(['k8s', 'sid', '--env', 'NOVALUE'])).toThrow(
      'Invalid --env "NOVALUE": expected NAME=VALUE.',
    );
  });

  it('parses k8s and compose --restricted with the ids to run as', () => {
    expect(parseCli(['k8s', 'bookworm', '--restricted', '--uid', '1234', '--gid', '2345'])).toEqual({
      kind: 'k8s',
      distro: 'bookworm',
      port: 3000,
      uid: 1234,
      gid: 2345,
      restricted: true,
      env: {},
    });
    expect(parseCli(['compose', 'bookworm'])).not.toHaveProperty('restricted');
    expect(() => parseCli(['compose', 'bookworm', '--uid', 'x'])).toThrow('Invalid --uid "x"');
  });

  it('parses --version and -v before any command', () => {
    expect(parseCli(['--version'])).toEqual({ kind: 'version' });
    expect(parseCli(['-v', 'build', 'sid'])).toEqual({ kind: 'version' });
  });

  it('treats no command as a request for help', () => {
    expect(parseCli([])).toEqual({ kind: 'help' });
  });

  it.each([
    [['build'], 'Missing <distro>: helios build <distro>.'],
    [
      ['frobnicate'],
      'Unknown command "frobnicate". Expected build, up, manifest, tags, lists, sizes, compose or k8s.',
    ],
    [['build', 'bookworm', '--base', 'ftp'], 'Invalid --base "ftp"'],
    [['up', 'bookworm', '--port', '70000'], 'Invalid --port "70000"'],
    [['build', 'bookworm', '--colour'], "Unknown option '--colour'"],
    [['build', 'bookworm', 'extra'], 'Unexpected argument "extra".'],
  ])('refuses %j with a usage error', (argv, message) => {
    expect(() => parseCli(argv)).toThrow(message);
    try {
      parseCli(argv);
    } catch (error) {
      expect(error).toMatchObject({ code: 'HELIOS_BUILD_USAGE' });
    }
  });
});
